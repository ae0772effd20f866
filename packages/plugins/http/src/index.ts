/**
 * @flowops/plugin-http — HTTP requests. This entry is the contract (importable anywhere);
 * the worker implementation is `@flowops/plugin-http/worker`.
 * @module
 */
import { plugin } from './contract';

export { GetInput, HttpHeaders, HttpMethod, HttpQuery, RequestInput, HttpResponse, plugin } from './contract';
export default plugin;
