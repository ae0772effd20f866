/**
 * Workflow entry point bundled for the worker (`workflowsPath`): exports only workflow functions.
 * @module
 */
export { flowopsInterpreter } from './interpreter';
