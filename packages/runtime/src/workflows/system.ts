/**
 * Every flowops system workflow, for bundling into a worker: the per-name registry, its webhook keys and the
 * per-task-queue capability record. A worker polling SYSTEM_TASK_QUEUE must bundle this file
 * (`createSystemWorker` does; a combined worker may re-export it from its workflows entry).
 * @module
 */
export { flowopsRegistry } from './registry/registry-workflow';
export { flowopsCapabilities } from './capabilities/capabilities-workflow';
export { flowopsKeys } from './registry/keys-workflow';
