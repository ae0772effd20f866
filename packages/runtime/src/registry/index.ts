/**
 * The flowops registry in the Temporal cluster: types, rules, client and system worker.
 * @module
 */
export * from '../workflows/registry/types';
export { MAX_AUDIT, MAX_DEFINITIONS, checkPublish, checkActivate, initialState, indexOf, summaryOf } from '../workflows/registry/state';
export { Registry, getActiveDefinition, type RegistryOptions } from './registry-client';
export { createSystemWorker, startSystemWorker, systemWorkflowBundle, type SystemWorkerOptions, type RunningSystemWorker } from './system-worker';
