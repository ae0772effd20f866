/**
 * Computing a plan: git's compiled workflows against the cluster's registry, capabilities and
 * schedules. `computePlan` is pure; `readCluster` and `buildPlan` talk to Temporal.
 * @module
 */
import { FlowError, type FlowIssue, diffWorkflows } from '@flowops/core';
import type { EnvValuesSource } from '@flowops/sdk';
import {
  type ExistingSchedule,
  type RegistryIndex,
  compareSemver,
  desiredSchedules,
  describeSchedules,
  listSchedules,
  missingActions,
  scheduleId,
  runsInFlight,
  scheduleOps,
  servedActions,
} from '@flowops/runtime';
import { mapLimit } from './map-limit';
import { nextFreeVersion } from './next-version';
import type { GitopsSession } from './session';
import type { ClusterState, GitWorkflow, Plan, PlanEntry, PlanStatus } from './types';

/** What a plan needs to know beyond git and the cluster. */
export interface PlanContext {
  /** Is `sha` a commit of the checked-out history (ancestor of HEAD)? Tells a revert from drift. */
  inHistory?: (sha: string) => boolean;
  /** Which cluster workflows this repository owns (default: every registry in the namespace). */
  owns?: (name: string) => boolean;
}

function classify(
  g: GitWorkflow,
  index: RegistryIndex | undefined,
  ctx: PlanContext,
): Pick<PlanEntry, 'status' | 'action' | 'drift' | 'reused' | 'nextVersion' | 'blocked'> {
  if (!index || Object.keys(index.versions).length === 0) return { status: 'new', action: 'publish' };
  const published = index.versions[g.version];
  if (published !== undefined && published !== g.hash) {
    // git reuses a published version with other content (typically a fix-forward after a rollback
    // bumped back to a version already published): git's mistake, not the cluster's drift.
    const next = nextFreeVersion(Object.keys(index.versions)) ?? 'a new version';
    const blocked: FlowIssue = {
      code: 'FLOW_VERSION_IMMUTABLE',
      message: `${g.name}@${g.version} in git differs from the published ${g.name}@${g.version} (hash ${published.slice(0, 19)}…, git ${g.hash.slice(0, 19)}…)`,
      hint: `bump the version in workflows/${g.name}/package.json to ${next} (the next free version); published versions never change`,
    };
    return { status: 'reused', action: 'none', reused: `version already published with other content — bump to ${next}`, nextVersion: next, blocked };
  }
  if (index.active === g.version) return { status: 'unchanged', action: 'none' };
  const action = published === undefined ? 'publish' : 'activate';
  if (index.active === null) return { status: 'changed', action };
  if (compareSemver(g.version, index.active) > 0) return { status: 'changed', action };
  // git is behind the cluster: a revert (the active version came from this history) or drift.
  const explained = index.activeGitSha !== null && ctx.inHistory?.(index.activeGitSha) === true;
  if (explained && published !== undefined) return { status: 'rollback', action };
  return {
    status: 'drifted',
    action,
    drift: `the cluster runs ${index.active}${index.activeGitSha ? ` (from ${index.activeGitSha.slice(0, 7)}, not in this history)` : ' (published out of band)'}, git has ${g.version}`,
  };
}

/** Git against the cluster, without diffs (see `buildPlan`). Pure. */
export function computePlan(
  git: GitWorkflow[],
  cluster: ClusterState,
  ctx: PlanContext & { environment: string; namespace: string; taskQueue: string; gitSha?: string | undefined; envSource?: EnvValuesSource | undefined },
): Plan {
  const entries: PlanEntry[] = [];
  const names = new Set(git.map((g) => g.name));
  for (const g of git) {
    const index = cluster.registries.get(g.name);
    const c = classify(g, index, ctx);
    const missingPlugins = cluster.served ? missingActions(g.ir, cluster.served) : [];
    let envIssue: FlowIssue | undefined; // a cron workflow whose env values this environment lacks
    let desired: ReturnType<typeof desiredSchedules> | null = null;
    try {
      desired = c.status === 'reused' ? null : desiredSchedules(g.ir, g.hash, ctx.taskQueue, ctx.envSource);
    } catch (error) {
      if (!(error instanceof FlowError)) throw error;
      envIssue = error.issues[0];
    }
    const ops = desired ? scheduleOps(desired, cluster.schedules.get(g.name) ?? []) : [];
    const entry: PlanEntry = {
      name: g.name,
      ...c,
      git: { version: g.version, hash: g.hash },
      cluster: index ? { active: index.active, activeHash: index.activeHash, versions: Object.keys(index.versions) } : undefined,
      missingPlugins,
      schedules: ops.map((o) => ({ kind: o.kind, scheduleId: o.scheduleId })),
    };
    if (!entry.blocked && envIssue) entry.blocked = envIssue;
    if (!entry.blocked && missingPlugins.length > 0 && entry.action !== 'none') {
      entry.blocked = {
        code: 'FLOW_PLUGIN_UNAVAILABLE',
        message: `${g.name}@${g.version} uses ${missingPlugins.join(', ')}, which no live worker on task queue "${ctx.taskQueue}" serves`,
        hint: `deploy a worker with ${missingPlugins
          .map((u) => u.split('.')[0])
          .filter((p, i, a) => a.indexOf(p) === i)
          .map((p) => `@flowops/plugin-${p}`)
          .join(', ')} on "${ctx.taskQueue}" in ${ctx.environment}, then publish again`,
      };
    }
    entries.push(entry);
  }
  for (const [name, index] of cluster.registries) {
    if (names.has(name) || ctx.owns?.(name) === false) continue;
    const stale = cluster.schedules.get(name) ?? [];
    if (index.active === null && stale.length === 0) continue; // already deactivated: history kept, nothing to do
    entries.push({
      name,
      status: 'removed',
      action: index.active === null ? 'none' : 'deactivate',
      cluster: { active: index.active, activeHash: index.activeHash, versions: Object.keys(index.versions) },
      missingPlugins: [],
      schedules: scheduleOps([], stale).map((o) => ({ kind: o.kind, scheduleId: o.scheduleId })),
    });
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const counts: Record<PlanStatus, number> = { new: 0, changed: 0, rollback: 0, unchanged: 0, removed: 0, drifted: 0, reused: 0 };
  for (const e of entries) counts[e.status] += 1;
  const blocked = entries.filter((e) => e.blocked).length;
  const hasChanges = entries.some((e) => e.action !== 'none' || e.schedules.length > 0);
  return { environment: ctx.environment, namespace: ctx.namespace, gitSha: ctx.gitSha, entries, counts, hasChanges, blocked };
}

const chunks = <T>(xs: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, i * size + size));

/** Milliseconds per phase of the last `readCluster` (for benchmarks and --timings). */
export const lastReadTimings: Record<string, number> = {};

/**
 * Read what the plan needs from the cluster, with no worker and no call per workflow: every
 * registry index in one paged ListWorkflowExecutions (each registry workflow's memo), every
 * schedule and its spec hash in one paged ListSchedules, capabilities (memo, else history).
 */
export async function readCluster(
  session: GitopsSession,
  git: GitWorkflow[],
  opts: { capabilities?: boolean; owns?: (name: string) => boolean } = {},
): Promise<ClusterState> {
  let t = performance.now();
  const lap = (name: string): void => {
    lastReadTimings[name] = Math.round(performance.now() - t);
    t = performance.now();
  };
  const servedPromise =
    opts.capabilities === false
      ? Promise.resolve(undefined)
      : servedActions(session.client, { taskQueue: session.env.taskQueue, systemTaskQueue: session.systemTaskQueue });
  const [listedAll, listed] = await Promise.all([session.registry.list(), listSchedules(session.client)]);
  lap('list_ms');
  const byName = new Map(git.map((g) => [g.name, g]));
  const registries = new Map<string, RegistryIndex>();
  for (const index of listedAll) if (byName.has(index.name) || opts.owns?.(index.name) !== false) registries.set(index.name, index);
  const names = new Set([...git.map((g) => g.name), ...registries.keys()]);
  // Schedules: the list carries each one's spec hash. Describe (consistent) only what it cannot
  // answer: schedules written before the hash was indexed, and a cron trigger's id not listed
  // (new, or created a moment ago).
  const listedIds = new Set(listed.map((e) => e.scheduleId));
  const known = listed.filter((e) => names.has(e.workflow) && e.specHash !== undefined);
  const toDescribe = listed.filter((e) => names.has(e.workflow) && e.specHash === undefined).map((e) => e.scheduleId);
  for (const g of git) {
    g.ir.triggers
      .filter((tr) => tr.type === 'cron')
      .forEach((_, i) => {
        const id = scheduleId(g.name, i);
        if (!listedIds.has(id)) toDescribe.push(id);
      });
  }
  const described = (await mapLimit(chunks(toDescribe, 8), 8, (ids) => describeSchedules(session.client, ids))).flat();
  const schedules = new Map<string, ExistingSchedule[]>();
  for (const e of [...known, ...described]) schedules.set(e.workflow, [...(schedules.get(e.workflow) ?? []), e]);
  lap('schedules_ms');
  const served = await servedPromise;
  lap('capabilities_ms');
  return { registries, served, schedules };
}

/** Options of `buildPlan`. */
export interface BuildPlanOptions extends Omit<PlanContext, 'inHistory'> {
  /**
   * Is `sha` in git's history? May answer asynchronously (the GitHub App asks GitHub); each
   * active version's commit is asked once, before the plan is computed.
   */
  inHistory?: ((sha: string) => boolean | Promise<boolean>) | undefined;
  gitSha?: string | undefined;
  /** Read which plugin actions live workers serve (default true). */
  capabilities?: boolean | undefined;
  /** Semantic diff of each entry against the cluster's active definition (default true; needs a registry query). */
  diffs?: boolean | undefined;
}

/** `inHistory` answered for every active version's commit, as the synchronous check `computePlan` takes. */
async function historyOf(cluster: ClusterState, inHistory: BuildPlanOptions['inHistory']): Promise<PlanContext['inHistory']> {
  if (!inHistory) return undefined;
  const shas = [...new Set([...cluster.registries.values()].map((r) => r.activeGitSha).filter((s): s is string => s !== null))];
  const known = new Map(await Promise.all(shas.map(async (sha) => [sha, await inHistory(sha)] as const)));
  return (sha) => known.get(sha) === true;
}

/** Plan with semantic diffs of every entry that changes what runs, and the runs in flight of every touched workflow. */
export async function buildPlan(session: GitopsSession, git: GitWorkflow[], opts: BuildPlanOptions = {}): Promise<Plan> {
  const cluster = await readCluster(session, git, opts);
  const ctx: PlanContext = { inHistory: await historyOf(cluster, opts.inHistory), ...(opts.owns ? { owns: opts.owns } : {}) };
  const plan = computePlan(git, cluster, {
    ...ctx,
    gitSha: opts.gitSha,
    environment: session.env.name,
    namespace: session.env.namespace,
    taskQueue: session.env.taskQueue,
    envSource: session.env,
  });
  const byName = new Map(git.map((g) => [g.name, g]));
  const needDiff = opts.diffs === false ? [] : plan.entries.filter((e) => e.cluster?.active && e.git && e.cluster.activeHash !== e.git.hash);
  // The active definitions come from the registry workflows' histories: no worker needed.
  await mapLimit(needDiff, 16, async (e) => {
    const before = await session.registry.definition(e.name, e.cluster!.active!);
    const after = byName.get(e.name)?.ir;
    if (before && after) e.diff = diffWorkflows(before, after);
  });
  // Runs in flight of every workflow the change touches: they finish on what they started with.
  const touched = plan.entries.filter((e) => e.status !== 'unchanged' && e.status !== 'new');
  if (touched.length > 0) {
    const inFlight = await runsInFlight(
      session.client,
      touched.map((e) => e.name),
    ).catch(() => undefined);
    for (const e of touched) e.inFlight = inFlight?.get(e.name);
  }
  return plan;
}
