/**
 * Worker: the interpreter bundle and `createFlowopsWorker`.
 * @module
 */
export { WORKFLOWS_PATH, interpreterBundle } from './bundle';
export { type FlowopsWorker, type FlowopsWorkerOptions, createFlowopsWorker } from './create-worker';
export { metricsObserver } from './observe';
