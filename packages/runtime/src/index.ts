/**
 * @flowops/runtime — Temporal side of flowops: the interpreter and system workflows (bundled from
 * `src/workflows/`, the sandbox code), activities, workers, the run client, payload codec,
 * secrets, redaction, logs and metrics. Only what other packages use (or the README documents)
 * is exported; add a name here when a caller needs it.
 * @module
 */
export {
  AesGcmPayloadCodec,
  ENCRYPTED_ENCODING,
  startCodecServer,
  ENCRYPTED_FAILURES_PATH,
  dataConverterForEnvironment,
  dataConverterFromEnv,
  dataConverterFromKeys,
} from './codec';
export {
  Registry,
  compareSemver,
  getActiveDefinition,
  createSystemWorker,
  startSystemWorker,
  systemWorkflowBundle,
  type RunningSystemWorker,
  SYSTEM_TASK_QUEUE,
  SYSTEM_TASK_QUEUE_PREFIX,
  registryWorkflowId,
  systemTaskQueueFor,
  moveUpdate,
  moveOffSharedQueue,
  sharedQueueInUse,
  type ChangeSource,
  type ChangeMeta,
  type AuditEvent,
  type RegistryIndex,
  type RegistrySummary,
} from './registry';
export { recordCapabilities, startCapabilityHeartbeat, servedActions, missingActions } from './capabilities';
export {
  parseScheduleId,
  scheduleId,
  desiredSchedules,
  scheduleOps,
  existingSchedules,
  listScheduleIds,
  listSchedules,
  describeSchedules,
  applyScheduleOp,
  type ExistingSchedule,
  type ScheduleOp,
} from './schedules/schedules';
export { type RunProgress, type TraceEntry, type ApprovalDecision, type SkipDecision, type SkipAck, progressQuery, skipUpdate } from './workflows/types';
export { createActivities, activitiesFromSpecs, type ActionSpec } from './activities';
export { interpreterBundle, createFlowopsWorker, metricsObserver } from './worker';
export {
  DryRun,
  FlowHash,
  FlowName,
  FlowVersion,
  GitSha,
  TriggeredBy,
  type RunOutcome,
  approve,
  skipStep,
  getProgress,
  runWorkflowId,
  startRun,
  waitForResult,
  validateInput,
  temporalConnectionOptions,
  connectOrExplain,
  describeError,
  type ConnectOrExplainOptions,
} from './client';
export {
  RUN_STATUSES,
  type RunListStatus,
  type RunSummary,
  type RunDetail,
  type StepRow,
  type RedriveResult,
  type DeleteResult,
  type RunStats,
  RETRY_OF_MEMO,
  cancelRun,
  deleteRuns,
  describeRun,
  formatRetention,
  getRetention,
  listRuns,
  parseDate,
  parseRetention,
  parseStatus,
  redriveRuns,
  retryRun,
  runStats,
  setRetention,
  showRun,
  sinceDate,
} from './client';
export { EnvSecretProvider, StaticSecretProvider, SecretResolver } from './secrets';
export { createRedactor, REDACTED } from './redaction';
export { createLogger } from './logging';
export { createMetrics, startMetricsServer } from './metrics';
export { WebhookKeys, type KeyView, keyView, generateKey, hashKey, keyPrefix, keysWorkflowId, KEYS_WORKFLOW_TYPE } from './keys';
export {
  startGateway,
  createGatewayHandler,
  cachedDefinitions,
  type GatewayDefinition,
  type GatewayOptions,
  type RunningGateway,
  DEFAULT_RATE_LIMIT,
  type RateLimit,
  idempotentRunId,
} from './gateway';
export {
  deploymentNameFor,
  type DeploymentView,
  adoptVersionIfNone,
  describeDeployment,
  promoteVersion,
  type WorkerVersion,
  workerVersion,
  type ReplayOutcome,
  parseSince,
  recentHistories,
  replayHistories,
  type InFlight,
  describeInFlight,
  runsInFlight,
} from './versioning';
