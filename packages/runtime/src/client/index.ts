/**
 * Client side of runs: start (with input validation and search attributes), progress, approve, result.
 * @module
 */
export { DryRun, FlowHash, FlowName, FlowVersion, GitSha, TriggeredBy, runSearchAttributes } from './search-attributes';
export { type RunOutcome, type StartRunOptions, type StartedRun, approve, getProgress, runWorkflowId, startRun, waitForResult } from './runs';
export { validateInput } from './validate-input';
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
