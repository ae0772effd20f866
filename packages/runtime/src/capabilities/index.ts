/**
 * Plugin capability records: which plugin actions live workers serve per task queue.
 * @module
 */
export { recordCapabilities, startCapabilityHeartbeat, servedActions, missingActions } from './capabilities-client';
