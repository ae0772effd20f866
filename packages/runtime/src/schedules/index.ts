/**
 * Cron triggers as Temporal Schedules, synced idempotently by publish.
 * @module
 */
export * from './schedules';
