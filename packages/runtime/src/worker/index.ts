/**
 * Worker: the interpreter bundle and `createFlowopsWorker`.
 * @module
 */
export { WORKFLOWS_PATH, interpreterBundle, interpreterBundleFile, interpreterSpec } from './bundle';
export {
  type BundleFile,
  type BundleLookup,
  type BundleRecord,
  type BundleSpec,
  PREBUILT_DIR,
  bundleCacheDir,
  webpackRunCount,
  workflowBundleFile,
} from './bundle-store';
export { type FlowopsWorker, type FlowopsWorkerOptions, createFlowopsWorker } from './create-worker';
export { metricsObserver } from './observe';
