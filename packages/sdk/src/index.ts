/**
 * @flowops/sdk — the authoring API for flowops workflows and plugins.
 * @module
 */
export * from './contracts';
export * from './config';
