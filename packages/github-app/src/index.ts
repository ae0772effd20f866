/**
 * @flowops/github-app — the GitHub App: webhook intake (signature, size cap, dedupe), comment
 * commands, PR reports, drift checks; the work runs as Temporal workflows on `flowops-github`.
 * Test fakes (fake GitHub, webhook fixtures) are in `@flowops/testing-github`, a devDependency.
 * @module
 */
export { startApp, APP_ROLES, type AppRole, type AppOptions, type RunningApp } from './app';
export type { WorkerKeeper, WorkerKeeperOptions } from './supervisor/worker-keeper';
export { WORKER_LIMITS } from './temporal/worker';
export { loadAppConfig, SYSTEM_TASK_QUEUE, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_CONNECTIONS, type AppConfig } from './config';
export { signPayload, verifySignature } from './webhooks/signature';
export { routeWebhook, WORKFLOW_TYPES, type Work } from './webhooks/route';
export { parseCommands, tokenize, MAX_COMMANDS, type ParsedCommand } from './comments/parse-command';
export { CHECK_RUN_WAIVERS_MARKER, WAIVER_MARKER, waiversFromCheckRunText } from './policy/waivers';
export { policyWaiversForCommit, type MergedWaivers, type MergedWaiversQuery } from './github/merged-waivers';
export { authorize, accessFromRole, type Access, type Decision } from './comments/authorize';
export { startReport, reportWorkflowId, temporalStarter } from './temporal/starter';
export { startWebhookServer, type WorkStarter, type StartResult, type Health, type ServerLimits } from './server/webhook-server';
export { sweepFailedDeliveries, type SweepLimits, type SweepSummary } from './server/redelivery-sweep';
export {
  renderReportComment,
  renderCheckRun,
  renderHelp,
  renderPlanReply,
  renderRunReply,
  renderRefusal,
  CHECK_NAME,
  REPORT_MARKER,
  type RunOutcome,
  type HelpWorkflow,
} from './render/index';
export {
  ReportInput,
  type ReportInputIn,
  ReportResult,
  EnvPlan,
  PlanRow,
  DriftRow,
  ChangedWorkflow,
  FixtureInput,
  RepoRef,
  ReportDiagnostic,
  ReplayVerdict,
  PolicyVerdict,
  PolicyWaiver,
} from './report/types';
export { ReplayFile, replayVerdictFromFile, replayFailed } from './report/replay-file';
export { toReportDiagnostic } from './report/diagnostic';
export { summarizeFixtures, NOT_COMPILED } from './report/summarize';
export { planRows, driftRows, changedWorkflow } from './report/from-gitops';
