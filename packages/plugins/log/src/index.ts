/**
 * @flowops/plugin-log — structured log lines. This entry is the contract; the worker
 * implementation is `@flowops/plugin-log/worker`.
 * @module
 */
import { plugin } from './contract';

export { LogLevel, WriteInput, WriteOutput, plugin } from './contract';
export default plugin;
