/**
 * @flowops/gitops — GitOps for flowops, for every place it runs (CI, laptops, the GitHub App):
 * git's compiled workflows against an environment's registry (plan, publish, drift), the
 * workflows a change touches between two refs, definitions at a git ref, and an environment's
 * connected Temporal client. No command-line and no GitHub code: the CLI and the App parse
 * their arguments or webhooks, call this, and render.
 * @module
 */
export { LOCAL_ADDRESS, connectEnvironment, localAddress, connectionOptionsFor, type ConnectEnvironmentOptions, type EnvironmentConnection } from './connect';
export { openSession, systemTaskQueueOf, type GitopsSession, type OpenOptions } from './session';
export type { ClusterState, GitWorkflow, Plan, PlanAction, PlanEntry, PlanStatus } from './types';
export { buildPlan, computePlan, readCluster, lastReadTimings, type BuildPlanOptions, type PlanContext } from './plan';
export { applyPlan, type PublishOutcome, type PublishReport } from './publish';
export { driftFromPlan, type DriftItem, type DriftKind, type DriftReport } from './drift';
export { ancestry, changeMeta, extractTreeAtCommit, headSha, requireSha } from './git';
export { loadGitWorkflows, workflowsAtRef, type LoadedGit } from './load-git';
export {
  changedBetween,
  defaultBase,
  findChanged,
  type ChangedEntry,
  type ChangedSet,
  type ComparedDiagnostic,
  type ComparedWorkflow,
} from './changed';
export { commitRollback, planRollback, type RollbackPlan } from './rollback';
export { nextFreeVersion } from './next-version';
export { mapLimit } from './map-limit';
export { loadPublished, unpublished, type PublishedDefinition } from './published';
