/**
 * Applying a plan: register and activate versions (one atomic registry update per workflow),
 * deactivate workflows removed from git (history kept), sync cron schedules. Only entries that
 * differ are touched (a no-op re-publish is just its plan). Every step is idempotent, so
 * re-running an interrupted publish completes it.
 * @module
 */
import type { FlowIssue } from '@flowops/core';
import { type AuditEvent, type ChangeMeta, type RegistryIndex, applyScheduleOp, desiredSchedules, existingSchedules, scheduleOps } from '@flowops/runtime';
import { mapLimit } from './map-limit';
import type { GitopsSession } from './session';
import type { GitWorkflow, Plan, PlanEntry } from './types';

/** What publishing one plan entry did (or why it was refused). */
export interface PublishOutcome {
  name: string;
  status: PlanEntry['status'];
  /** Registry events recorded (publish, activate, rollback, deactivate). */
  events: AuditEvent[];
  schedules: { kind: string; scheduleId: string }[];
  error?: FlowIssue | undefined;
}

/** What publishing a plan did. */
export interface PublishReport {
  environment: string;
  outcomes: PublishOutcome[];
  changed: number;
  failed: number;
}

/** Apply `plan` with git's definitions (`git`), recording `meta` in the registry's audit log. */
export async function applyPlan(
  session: GitopsSession,
  plan: Plan,
  git: GitWorkflow[],
  meta: ChangeMeta,
  opts: { concurrency?: number; onOutcome?: (o: PublishOutcome) => void } = {},
): Promise<PublishReport> {
  const byName = new Map(git.map((g) => [g.name, g]));
  const todo = plan.entries.filter((e) => e.action !== 'none' || e.schedules.length > 0 || e.blocked);
  const writes = todo.filter((e) => e.action !== 'none').map((e) => e.name);
  if (writes.length > 0) await session.ensureSystemWorker(writes);
  const written: RegistryIndex[] = [];
  const outcomes = await mapLimit(todo, opts.concurrency ?? 16, async (entry) => {
    const outcome = await applyEntry(session, entry, byName.get(entry.name), meta, written);
    opts.onOutcome?.(outcome);
    return outcome;
  });
  // Plans read the registry through visibility: wait (bounded) until it shows these changes, so a
  // plan right after this publish sees them.
  if (written.length > 0) await session.registry.waitVisible(written);
  return {
    environment: plan.environment,
    outcomes,
    changed: outcomes.filter((o) => !o.error && (o.events.length > 0 || o.schedules.length > 0)).length,
    failed: outcomes.filter((o) => o.error).length,
  };
}

async function applyEntry(
  session: GitopsSession,
  entry: PlanEntry,
  g: GitWorkflow | undefined,
  meta: ChangeMeta,
  written: RegistryIndex[],
): Promise<PublishOutcome> {
  const outcome: PublishOutcome = { name: entry.name, status: entry.status, events: [], schedules: [] };
  if (entry.blocked) return { ...outcome, error: entry.blocked };
  const note =
    entry.status === 'rollback'
      ? 'git revert: re-activating an earlier version'
      : entry.status === 'drifted'
        ? `reconciling drift (${entry.drift})`
        : undefined;
  const changeMeta: ChangeMeta = { ...meta, ...(note ? { note } : {}) };
  if ((entry.action === 'publish' || entry.action === 'activate') && g) {
    const r = await session.registry.publish({ version: g.version, hash: g.hash, ir: g.ir, activate: true, meta: changeMeta });
    if (!r.ok) return { ...outcome, error: r.issues[0] };
    outcome.events.push(...r.value.events);
    if (r.value.changed) written.push(r.value.index);
  } else if (entry.action === 'deactivate') {
    const r = await session.registry.deactivate(entry.name, { meta: { ...meta, note: 'removed from git' } });
    if (!r.ok) return { ...outcome, error: r.issues[0] };
    outcome.events.push(...r.value.events);
    if (r.value.changed) written.push(r.value.index);
  }
  // Schedules: recompute against what exists now (consistent describes), so a re-run converges.
  const desired = g && entry.status !== 'removed' ? desiredSchedules(g.ir, g.hash, session.env.taskQueue, session.env) : [];
  const existing = await existingSchedules(
    session.client,
    entry.name,
    desired.length,
    entry.schedules.map((s) => s.scheduleId),
  );
  for (const op of scheduleOps(desired, existing)) {
    await applyScheduleOp(session.client, op);
    outcome.schedules.push({ kind: op.kind, scheduleId: op.scheduleId });
  }
  return outcome;
}
