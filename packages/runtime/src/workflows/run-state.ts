/**
 * Everything one interpreter run keeps in memory: step records, frames (scopes of step ids:
 * the run itself and each forEach iteration), the read cache, pending compensations, approval
 * decisions and forEach progress — and the views built from them (progress, trace, scope,
 * continue-as-new state). Sandbox-safe.
 * @module
 */
import { type ActionStep, type ApprovalStep, type Scope, type StepKind, type StepState, type Workflow, runIdempotencyKey } from '@flowops/core';
import { workflowInfo } from '@temporalio/workflow';
import { tracePreview } from './json-size';
import type {
  ApprovalDecision,
  CacheEntry,
  InterpreterArgs,
  InterpreterState,
  PendingCompensation,
  RunProgress,
  SkipDecision,
  RunStatus,
  StepRecord,
  StepStatus,
  TraceEntry,
} from './types';

/** A scope of step ids: the run (prefix "") or one forEach iteration (prefix `each[2].`). */
export interface Frame {
  prefix: string;
  parent?: Frame | undefined;
  hasItem: boolean;
  item?: unknown;
  index?: number | undefined;
  /** The forEach's `as` name, when it has one (the item is also `{{ <as>… }}` in this frame and inner ones). */
  as?: string | undefined;
  local: Map<string, StepRecord>;
}

export const TERMINAL: ReadonlySet<StepStatus> = new Set(['succeeded', 'failed', 'skipped', 'simulated', 'compensated']);

export function rootFrame(): Frame {
  return { prefix: '', hasItem: false, local: new Map() };
}

export function iterationFrame(parent: Frame, forEachKey: string, index: number, item: unknown, as?: string): Frame {
  const frame: Frame = { prefix: `${forEachKey}[${index}].`, parent, hasItem: true, item, index, local: new Map() };
  if (as !== undefined) frame.as = as;
  return frame;
}

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

export class RunState {
  readonly ir: Workflow;
  readonly records = new Map<string, StepRecord>();
  readonly cache = new Map<string, CacheEntry>();
  readonly compensations: PendingCompensation[];
  readonly forEach = new Map<string, { done: Set<number>; results: Map<number, unknown> }>();
  readonly decisions = new Map<string, ApprovalDecision>();
  readonly waiting = new Map<string, ApprovalStep>();
  /** Failed `allowSkip` steps waiting for an operator, and the skips sent (by step key). */
  readonly waitingSkips = new Map<string, ActionStep>();
  readonly skips = new Map<string, SkipDecision>();
  readonly generation: number;
  status: RunStatus = 'running';
  private identity: { id: string; key: string } | undefined;

  constructor(readonly args: InterpreterArgs) {
    this.ir = args.ir;
    const state = args.state;
    this.generation = state?.generation ?? 0;
    this.compensations = state ? [...state.compensations] : [];
    for (const r of state?.records ?? []) this.records.set(r.key, r);
    for (const c of state?.cache ?? []) this.cache.set(c.key, c);
    for (const [key, p] of Object.entries(state?.forEach ?? {})) {
      this.forEach.set(key, { done: new Set(p.done), results: new Map(Object.entries(p.results).map(([i, v]) => [Number(i), v])) });
    }
  }

  /** The record of a step in a frame, created (pending) on first sight. */
  record(frame: Frame, id: string, kind: StepKind): StepRecord {
    const key = frame.prefix + id;
    let r = this.records.get(key);
    if (!r) {
      r = { key, id, kind, status: 'pending' };
      this.records.set(key, r);
    }
    return r;
  }

  /** Finish a record and publish it to its frame so later references can read it. */
  finish(frame: Frame, r: StepRecord, status: StepStatus, fields: Partial<StepRecord> = {}): void {
    Object.assign(r, fields, { status, endedAt: r.endedAt ?? Date.now() });
    frame.local.set(r.id, r);
  }

  /** The reference scope seen by a step in `frame` (inner frames shadow outer ones). */
  scope(frame: Frame): Scope {
    const chain: Frame[] = [];
    for (let f: Frame | undefined = frame; f; f = f.parent) chain.unshift(f);
    const steps: Record<string, StepState> = {};
    for (const f of chain) {
      for (const [id, r] of f.local) {
        steps[id] = r.cache
          ? { status: r.status, output: r.output, cache: { hit: r.cache.hit, cachedAt: iso(r.cache.cachedAt ?? undefined) ?? null } }
          : { status: r.status, output: r.output };
      }
    }
    const scope: Scope = { input: this.args.input, steps, env: this.args.env ?? {}, run: this.runIdentity() };
    // Named loops (forEach `as`), outer to inner: an inner loop's name shadows an equal outer one.
    const named = chain.filter((f) => f.as !== undefined);
    if (named.length > 0) scope.loops = Object.fromEntries(named.map((f) => [f.as, f.item]));
    const withItem = chain.reverse().find((f) => f.hasItem);
    if (withItem) {
      scope.item = withItem.item;
      if (withItem.index !== undefined) scope.index = withItem.index;
    }
    return scope;
  }

  /** `run.id` and `run.key` of templates: the workflow id (kept by continue-as-new) and its hash. */
  runIdentity(): { id: string; key: string } {
    this.identity ??= { id: workflowInfo().workflowId, key: runIdempotencyKey(workflowInfo().workflowId) };
    return this.identity;
  }

  progress(): RunProgress {
    return {
      status: this.status,
      workflow: this.ir.name,
      version: this.ir.version,
      dryRun: this.args.dryRun,
      waitingApprovals: [...this.waiting.keys()].filter((k) => !this.decisions.has(k)),
      ...(this.waitingSkips.size > 0 ? { waitingSkips: [...this.waitingSkips.keys()].filter((k) => !this.skips.has(k)) } : {}),
      steps: [...this.records.values()].map((r) => ({
        step: r.key,
        kind: r.kind,
        status: r.status,
        attempt: r.attempt,
        startedAt: iso(r.startedAt),
        endedAt: iso(r.endedAt),
        error: r.error,
      })),
    };
  }

  trace(): TraceEntry[] {
    return [...this.records.values()].map((r) => {
      const e: TraceEntry = {
        step: r.key,
        kind: r.kind,
        status: r.status,
        simulated: r.simulated === true,
        durationMs: r.startedAt !== undefined && r.endedAt !== undefined ? r.endedAt - r.startedAt : 0,
      };
      if (r.attempt !== undefined) e.attempt = r.attempt;
      if (r.cached) e.cached = true;
      if (r.input !== undefined) e.input = tracePreview(r.input); // large values: a preview, not a third copy
      if (r.output !== undefined) e.output = tracePreview(r.output);
      if (r.error) e.error = r.error;
      if (r.reason) e.reason = r.reason;
      if (r.compensation) e.compensation = r.compensation;
      if (r.notify) e.notify = r.notify;
      if (r.cache) e.cache = { hit: r.cache.hit, cachedAt: iso(r.cache.cachedAt ?? undefined) ?? null };
      return e;
    });
  }

  /**
   * The state carried into the next run by continue-as-new. Records of finished forEach
   * iterations are dropped (their results live in the forEach progress) to keep it small.
   */
  toState(): InterpreterState {
    const now = Date.now();
    const finishedPrefixes: string[] = [];
    for (const [key, p] of this.forEach) for (const i of p.done) finishedPrefixes.push(`${key}[${i}].`);
    const records = [...this.records.values()].filter((r) => !finishedPrefixes.some((p) => r.key.startsWith(p)));
    const forEach: InterpreterState['forEach'] = {};
    for (const [key, p] of this.forEach) {
      forEach[key] = { done: [...p.done], results: Object.fromEntries([...p.results].map(([i, v]) => [String(i), v])) };
    }
    const cache = [...this.cache.values()].filter((c) => c.expiresAt > now);
    return { records, cache, compensations: this.compensations, forEach, generation: this.generation + 1 };
  }
}
