/**
 * Cron triggers as Temporal Schedules. Each cron trigger of a workflow is one schedule
 * (`flowops-cron.<name>.<index>`) that starts the interpreter with the active definition.
 * Changes are detected by a hash of everything the schedule does, kept in the action's memo
 * (`flowopsScheduleHash`; the schedule memo cannot change after creation) and in the schedule's
 * `FlowHash` search attribute (so one ListSchedules gives every hash), so syncing is idempotent:
 * create, update or delete only what differs.
 * @module
 */
import { createHash } from 'node:crypto';
import { FlowError, type Value, type Workflow } from '@flowops/core';
import { type EnvValuesSource, envForRun } from '@flowops/sdk';
import { type Client, ScheduleAlreadyRunning, ScheduleNotFoundError } from '@temporalio/client';
import { unreachable } from '../registry/errors';
import { INTERPRETER_WORKFLOW_TYPE, type InterpreterArgs } from '../workflows/types';

export const SCHEDULE_PREFIX = 'flowops-cron.';
/** Search attribute (Keyword, registered with the other flowops attributes) holding a schedule's spec hash. */
export const SPEC_HASH_ATTRIBUTE = 'FlowHash';
const ID = /^flowops-cron\.([a-z][a-z0-9-]*)\.(\d+)$/;

export const scheduleId = (name: string, index: number): string => `${SCHEDULE_PREFIX}${name}.${index}`;
export function parseScheduleId(id: string): { name: string; index: number } | undefined {
  const m = ID.exec(id);
  return m ? { name: m[1]!, index: Number(m[2]) } : undefined;
}

export interface DesiredSchedule {
  scheduleId: string;
  workflow: string;
  index: number;
  cron: string;
  timezone?: string | undefined;
  input: Record<string, Value>;
  taskQueue: string;
  ir: Workflow;
  /** The `env('NAME')` values its runs take (from the environment, when the schedule is synced). */
  env: Record<string, string>;
  /** Hash of cron, timezone, input, task queue, env values and the definition's hash. */
  specHash: string;
}

export interface ExistingSchedule {
  scheduleId: string;
  workflow: string;
  index: number;
  specHash: string | undefined;
}

export type ScheduleOp = { kind: 'create' | 'update'; scheduleId: string; desired: DesiredSchedule } | { kind: 'delete'; scheduleId: string };

/**
 * The schedules a definition needs (none when it has no cron trigger, or is deactivated). With
 * `environment`, their runs carry the env values the definition references (`envForRun`; a
 * missing one is FLOW_ENV_VALUE_MISSING, thrown before any schedule changes).
 */
export function desiredSchedules(ir: Workflow, hash: string, taskQueue: string, environment?: EnvValuesSource): DesiredSchedule[] {
  const crons = ir.triggers.filter((t) => t.type === 'cron');
  if (crons.length === 0) return [];
  let env: Record<string, string> = {};
  if (environment) {
    const taken = envForRun(environment, [ir]);
    if (!taken.ok) throw new FlowError(taken.issues[0]!, taken.issues.slice(1));
    env = taken.value;
  }
  return crons.map((t, index) => {
    const input = t.input ?? {};
    // env joins the hash only when there is any, so existing schedules without env stay unchanged
    const parts: unknown[] = [t.schedule, t.timezone ?? null, input, taskQueue, hash];
    if (Object.keys(env).length > 0) parts.push(env);
    const specHash = createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
    return { scheduleId: scheduleId(ir.name, index), workflow: ir.name, index, cron: t.schedule, timezone: t.timezone, input, taskQueue, ir, env, specHash };
  });
}

/** What to do to get from `existing` to `desired` (deletes from the highest index down). */
export function scheduleOps(desired: DesiredSchedule[], existing: ExistingSchedule[]): ScheduleOp[] {
  const have = new Map(existing.map((e) => [e.scheduleId, e]));
  const want = new Set(desired.map((d) => d.scheduleId));
  const ops: ScheduleOp[] = [];
  for (const d of desired) {
    const e = have.get(d.scheduleId);
    if (!e) ops.push({ kind: 'create', scheduleId: d.scheduleId, desired: d });
    else if (e.specHash !== d.specHash) ops.push({ kind: 'update', scheduleId: d.scheduleId, desired: d });
  }
  const stale = existing.filter((e) => !want.has(e.scheduleId)).sort((a, b) => b.index - a.index);
  for (const e of stale) ops.push({ kind: 'delete', scheduleId: e.scheduleId });
  return ops;
}

async function describeOne(client: Client, id: string): Promise<ExistingSchedule | undefined> {
  try {
    const d = await client.schedule.getHandle(id).describe();
    const parsed = parseScheduleId(id)!;
    const memo = d.action.type === 'startWorkflow' ? d.action.memo : undefined;
    return { scheduleId: id, workflow: parsed.name, index: parsed.index, specHash: memo?.flowopsScheduleHash as string | undefined };
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return undefined;
    throw new FlowError(unreachable(error, `could not describe schedule ${id}`));
  }
}

/**
 * The flowops schedules of `name` that exist now: probes ids 0.. consistently (describe) past
 * `atLeast`, plus any `extra` ids found by listing.
 */
export async function existingSchedules(client: Client, name: string, atLeast: number, extra: string[] = []): Promise<ExistingSchedule[]> {
  const found: ExistingSchedule[] = [];
  const seen = new Set<string>();
  for (let i = 0; ; i++) {
    const id = scheduleId(name, i);
    const e = await describeOne(client, id);
    seen.add(id);
    if (e) found.push(e);
    else if (i >= atLeast) break;
  }
  for (const id of extra) {
    if (seen.has(id) || parseScheduleId(id)?.name !== name) continue;
    const e = await describeOne(client, id);
    if (e) found.push(e);
  }
  return found;
}

/** Describe these schedule ids (consistent); missing ones are left out. */
export async function describeSchedules(client: Client, ids: readonly string[]): Promise<ExistingSchedule[]> {
  const found = await Promise.all(ids.map((id) => describeOne(client, id)));
  return found.filter((e): e is ExistingSchedule => e !== undefined);
}

/**
 * Every flowops schedule in the namespace from one paged ListSchedules (visibility: eventually
 * consistent), with the spec hash its `FlowHash` search attribute carries — undefined for
 * schedules written before it did (describe those).
 */
export async function listSchedules(client: Client): Promise<ExistingSchedule[]> {
  const out: ExistingSchedule[] = [];
  try {
    for await (const s of client.schedule.list({ pageSize: 1000 })) {
      const parsed = parseScheduleId(s.scheduleId);
      if (!parsed) continue;
      const hash = s.searchAttributes?.[SPEC_HASH_ATTRIBUTE]?.[0];
      out.push({ scheduleId: s.scheduleId, workflow: parsed.name, index: parsed.index, specHash: typeof hash === 'string' ? hash : undefined });
    }
  } catch (error) {
    throw new FlowError(unreachable(error, 'could not list schedules'));
  }
  return out;
}

/** Every flowops schedule id in the namespace (visibility: eventually consistent). */
export async function listScheduleIds(client: Client): Promise<string[]> {
  const ids: string[] = [];
  try {
    for await (const s of client.schedule.list()) if (parseScheduleId(s.scheduleId)) ids.push(s.scheduleId);
  } catch (error) {
    throw new FlowError(unreachable(error, 'could not list schedules'));
  }
  return ids;
}

function scheduleOptions(d: DesiredSchedule) {
  const args: InterpreterArgs = { ir: d.ir, input: d.input, env: d.env, dryRun: false, triggeredBy: `schedule:${d.scheduleId}` };
  return {
    spec: { cronExpressions: [d.cron], ...(d.timezone ? { timezone: d.timezone } : {}) },
    action: {
      type: 'startWorkflow' as const,
      workflowType: INTERPRETER_WORKFLOW_TYPE,
      workflowId: `${d.workflow}-cron-${d.index}`,
      taskQueue: d.taskQueue,
      args: [args],
      memo: { flowopsScheduleHash: d.specHash, flowopsWorkflow: d.workflow, flowopsVersion: d.ir.version },
    },
    policies: { overlap: 'SKIP' as const, catchupWindow: '1 minute' },
    // The spec hash, indexed: a plan reads every schedule's hash with one ListSchedules.
    searchAttributes: { [SPEC_HASH_ATTRIBUTE]: [d.specHash] },
  };
}

/** Apply one operation; idempotent (create of an existing schedule updates it, delete of a missing one is fine). */
export async function applyScheduleOp(client: Client, op: ScheduleOp): Promise<void> {
  try {
    if (op.kind === 'delete') {
      await client.schedule.getHandle(op.scheduleId).delete();
      return;
    }
    const options = scheduleOptions(op.desired);
    if (op.kind === 'create') {
      try {
        await client.schedule.create({ scheduleId: op.scheduleId, ...options, memo: { flowopsWorkflow: op.desired.workflow } });
        return;
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      }
    }
    // typed attributes of the previous version would win over the new spec hash: drop them
    await client.schedule.getHandle(op.scheduleId).update(({ typedSearchAttributes: _old, ...prev }) => ({ ...prev, ...options }));
  } catch (error) {
    if (op.kind === 'delete' && error instanceof ScheduleNotFoundError) return;
    if (error instanceof FlowError) throw error;
    throw new FlowError(unreachable(error, `could not ${op.kind} schedule ${op.scheduleId}`));
  }
}
