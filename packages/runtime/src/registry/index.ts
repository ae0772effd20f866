/**
 * The flowops registry in the Temporal cluster: types, rules, client and system worker.
 * @module
 */
export {
  SYSTEM_TASK_QUEUE,
  registryWorkflowId,
  type ChangeSource,
  type ChangeMeta,
  type AuditEvent,
  type RegistryIndex,
  type RegistrySummary,
} from '../workflows/registry/types';
export { Registry, getActiveDefinition } from './registry-client';
/** semver order of published versions (the registry's rule; `flowops plan` tells a rollback from a bump with it). */
export { default as compareSemver } from 'semver/functions/compare.js';
export { moveOffSharedQueue, sharedQueueInUse } from './shared-queue';
export { SYSTEM_TASK_QUEUE_PREFIX, moveUpdate, systemTaskQueueFor } from '../workflows/system-queue';
export { createSystemWorker, startSystemWorker, systemWorkflowBundle, type RunningSystemWorker } from './system-worker';
