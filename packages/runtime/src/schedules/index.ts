/**
 * Cron triggers as Temporal Schedules, synced idempotently by publish.
 * @module
 */
export {
  parseScheduleId,
  desiredSchedules,
  scheduleOps,
  existingSchedules,
  listScheduleIds,
  applyScheduleOp,
  type ExistingSchedule,
  type ScheduleOp,
} from './schedules';
