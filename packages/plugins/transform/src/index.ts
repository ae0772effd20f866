/**
 * @flowops/plugin-transform — JSONata transforms. This entry is the contract; the worker
 * implementation is `@flowops/plugin-transform/worker`.
 * @module
 */
import { plugin } from './contract';

export { JsonataInput, JsonataOutput, plugin } from './contract';
export default plugin;
