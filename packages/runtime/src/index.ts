/**
 * @flowops/runtime — Temporal side of flowops: the interpreter and system workflows, activities,
 * workers, payload codec, secrets. Append one export line per module.
 * @module
 */
export * from './codec';
export * from './registry';
export * from './capabilities';
export * from './schedules';
export * from './workflows/types';
export { activityOptionsFor } from './workflows/activity-options';
export * from './activities';
export * from './worker';
export * from './client';
export * from './secrets';
export * from './redaction';
export * from './logging';
export * from './metrics';
export * from './versioning';
