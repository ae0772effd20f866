/**
 * Client side of runs: start (with input validation and search attributes), progress, approve, result.
 * @module
 */
export { DryRun, FlowHash, FlowName, FlowVersion, GitSha, TriggeredBy, runSearchAttributes } from './search-attributes';
export { type RunOutcome, type StartRunOptions, type StartedRun, approve, getProgress, runWorkflowId, startRun, waitForResult } from './runs';
export { validateInput } from './validate-input';
export { skipStep } from './run-skip';
export { type TaskFailure, explainStuck, failingWorkflowTask, taskFailureIssue } from './task-failure';
export {
  DEFAULT_MAX_INPUT_BYTES,
  DEFAULT_MAX_INPUT_DEPTH,
  DEFAULT_MAX_RUN_BYTES,
  type InputLimits,
  checkInputLimits,
  checkRunPayload,
  inputLimitsFromEnv,
} from './input-limits';
export { type EnvironmentSecurity, type SecureConnectionOptions, temporalConnectionOptions } from './connection-options';
export { type ConnectOrExplainOptions, connectOrExplain, describeError } from './connect-or-explain';
export {
  RUN_STATUSES,
  type RunListStatus,
  type RunSelection,
  buildRunsQuery,
  parseDate,
  parseStatus,
  runStatusOf,
  sinceDate,
} from './run-query';
export { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT, RETRY_OF_MEMO, type RunSummary, listRuns, summarize } from './run-list';
export { type RunDetail, type StepRow, describeRun, runNotFound, showRun } from './run-detail';
export {
  DEFAULT_REDRIVE_BATCH,
  DEFAULT_REDRIVE_LIMIT,
  type RedriveOptions,
  type RedriveResult,
  type RetriedRun,
  redriveRuns,
  retryRun,
  startArgsOf,
} from './run-retry';
export {
  DEFAULT_DELETE_LIMIT,
  type DeleteResult,
  cancelRun,
  deleteRuns,
  formatRetention,
  getRetention,
  parseRetention,
  setRetention,
} from './run-cleanup';
export { DEFAULT_STATS_PAGES, type RunStats, computeStats, percentile, runStats } from './run-stats';
