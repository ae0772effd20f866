/**
 * Plan shapes shared by plan, publish and drift.
 * @module
 */
import type { FlowIssue, Workflow, WorkflowDiff } from '@flowops/core';
import type { InFlight, RegistryIndex, ScheduleOp } from '@flowops/runtime';

/** A workflow as git has it (compiled). */
export interface GitWorkflow {
  name: string;
  version: string;
  hash: string;
  ir: Workflow;
  /** Repo-relative definition file (for diagnostics about it, e.g. policy violations). */
  file?: string | undefined;
}

/**
 * - new: never published; changed: git has a version the cluster does not run yet;
 * - rollback: git's version is an earlier published one (a revert) — publish re-activates it;
 * - unchanged; removed: active in the cluster, gone from git (publish deactivates it);
 * - drifted: the cluster differs from git in a way git does not explain (an active version
 *   published out of band, or not in git's history);
 * - reused: git has a version that is already published with other content (e.g. a fix-forward
 *   after a rollback bumped back to a used version) — publish refuses it; bump to `nextVersion`.
 */
export type PlanStatus = 'new' | 'changed' | 'rollback' | 'unchanged' | 'removed' | 'drifted' | 'reused';

/** What publish does for the entry. */
export type PlanAction = 'publish' | 'activate' | 'deactivate' | 'none';

/** One workflow of a plan: what git has, what the cluster runs, what publish will do. */
export interface PlanEntry {
  name: string;
  status: PlanStatus;
  action: PlanAction;
  git?: { version: string; hash: string } | undefined;
  cluster?: { active: string | null; activeHash: string | null; versions: string[] } | undefined;
  /** Cluster's active definition → git's (new, changed, rollback, drifted). */
  diff?: WorkflowDiff | undefined;
  /** `uses` no live worker on the environment's task queue serves. */
  missingPlugins: string[];
  /** Schedule operations publish will perform. */
  schedules: { kind: ScheduleOp['kind']; scheduleId: string }[];
  /** Why it drifted, in words. */
  drift?: string | undefined;
  /** Why the version is `reused`, in words (names `nextVersion`). */
  reused?: string | undefined;
  /** The next free version (one patch above the highest published) of a `reused` entry. */
  nextVersion?: string | undefined;
  /** Why publish will refuse it. */
  blocked?: FlowIssue | undefined;
  /** Runs of this workflow still running (changed, rollback, drifted, removed entries). */
  inFlight?: InFlight | undefined;
}

/** Git against one environment: an entry per workflow, counts, and whether publish has work or refusals. */
export interface Plan {
  environment: string;
  namespace: string;
  gitSha?: string | undefined;
  entries: PlanEntry[];
  counts: Record<PlanStatus, number>;
  /** Something for publish to do. */
  hasChanges: boolean;
  /** Entries publish will refuse. */
  blocked: number;
}

/** What the cluster holds, as read for a plan. */
export interface ClusterState {
  /** Registry index by workflow name (only names that have a registry). */
  registries: Map<string, RegistryIndex>;
  /** Actions served by live workers; undefined when unknown (capabilities not checked). */
  served: Set<string> | undefined;
  /** Existing schedules by workflow name. */
  schedules: Map<string, import('@flowops/runtime').ExistingSchedule[]>;
}
