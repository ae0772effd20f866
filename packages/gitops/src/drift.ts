/**
 * Drift: where the cluster differs from a git ref. Derived from the plan: `drifted` (the
 * cluster runs something git does not explain), `pending` (git is ahead: not yet published,
 * or a revert not yet applied), `orphaned` (active in the cluster, gone from git), `schedules`
 * (a schedule differs from the definition).
 * @module
 */
import type { Plan, PlanEntry } from './types';

/** How the cluster differs from git for one workflow. */
export type DriftKind = 'drifted' | 'pending' | 'orphaned' | 'schedules';

/** One difference between the cluster and git. */
export interface DriftItem {
  name: string;
  kind: DriftKind;
  git?: string | undefined;
  cluster?: string | null | undefined;
  detail: string;
}

/** Every difference between an environment and a git ref. */
export interface DriftReport {
  environment: string;
  namespace: string;
  ref: string;
  gitSha?: string | undefined;
  inSync: boolean;
  items: DriftItem[];
}

function item(e: PlanEntry): DriftItem | undefined {
  const base = { name: e.name, git: e.git?.version, cluster: e.cluster?.active };
  switch (e.status) {
    case 'drifted':
      return { ...base, kind: 'drifted', detail: e.drift ?? 'cluster differs from git' };
    case 'new':
      return { ...base, kind: 'pending', detail: 'in git, never published' };
    case 'changed':
      return { ...base, kind: 'pending', detail: `git has ${e.git?.version}, the cluster runs ${e.cluster?.active ?? 'nothing'}` };
    case 'reused':
      return { ...base, kind: 'pending', detail: `git's ${e.git?.version} reuses a published version with other content — bump to ${e.nextVersion}` };
    case 'rollback':
      return { ...base, kind: 'pending', detail: `git reverted to ${e.git?.version}, the cluster still runs ${e.cluster?.active}` };
    case 'removed':
      return {
        ...base,
        kind: 'orphaned',
        detail: e.action === 'deactivate' ? 'active in the cluster, removed from git' : 'schedules left for a workflow removed from git',
      };
    default:
      return e.schedules.length > 0 ? { ...base, kind: 'schedules', detail: e.schedules.map((s) => `${s.kind} ${s.scheduleId}`).join(', ') } : undefined;
  }
}

/** The plan's entries that show a difference, as drift items (`inSync` when there are none). */
export function driftFromPlan(plan: Plan, ref: string): DriftReport {
  const items = plan.entries.map(item).filter((i): i is DriftItem => i !== undefined);
  return { environment: plan.environment, namespace: plan.namespace, ref, gitSha: plan.gitSha, inSync: items.length === 0, items };
}
