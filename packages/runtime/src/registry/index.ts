/**
 * The flowops registry in the Temporal cluster: types, rules, client and system worker.
 * @module
 */
export * from '../workflows/registry/types';
export { MAX_AUDIT, MAX_DEFINITIONS, checkPublish, checkActivate, initialState, indexOf, summaryOf } from '../workflows/registry/state';
export { Registry, getActiveDefinition, type RegistryOptions } from './registry-client';
/** semver order of published versions (the registry's rule; `flowops plan` tells a rollback from a bump with it). */
export { default as compareSemver } from 'semver/functions/compare.js';
export { createSystemWorker, startSystemWorker, systemWorkflowBundle, type SystemWorkerOptions, type RunningSystemWorker } from './system-worker';
