/**
 * Plugin capability records: which plugin actions live workers serve per task queue.
 * @module
 */
export * from '../workflows/capabilities/types';
export { recordCapabilities, startCapabilityHeartbeat, liveWorkers, servedActions, usesOf, missingActions, type CapabilityOptions } from './capabilities-client';
