/**
 * The step runner: a step list is a small DAG (declared order + `dependsOn`); every step whose
 * dependencies are settled starts at once. Handles `if`, `onError`, and the group kinds
 * (parallel, when, forEach with a strict `maxParallel`). Leaf kinds live in `leaf-steps.ts`.
 * Sandbox-safe.
 * @module
 */
import type { ActionStep, ForEachStep, OnError, Step, StepGraph, WhenStep } from '@flowops/core';
import { condition } from '@temporalio/workflow';
import { evaluate, resolve } from './expr';
import { StepFailure, issuesFailure, mustPropagate, toStepFailure } from './failures';
import { Breaker, Pacer } from './backfill-guards';
import { runLeaf, startAction } from './leaf-steps';
import { checkpointStep, operatorDecides } from './operator-controls';
import { notifyConfig } from './notify';
import { type Frame, type RunState, TERMINAL, iterationFrame } from './run-state';
import type { Outcome, StepRecord } from './types';

/** Failure state of one step list; a failure stops the list and every list nested in it. */
export interface ListRun {
  failure?: StepFailure | undefined;
  parent?: ListRun | undefined;
}

export function stopped(lr: ListRun | undefined): boolean {
  for (let l = lr; l; l = l.parent) if (l.failure) return true;
  return false;
}

export interface ExecutorHooks {
  /** Called between forEach iterations of a run-level forEach; may continue as new (throws). */
  maybeContinueAsNew(drain: () => Promise<void>): Promise<void>;
}

/** Group kinds: run by `exec`; every other kind is a leaf (`runLeaf`). */
const GROUP_KINDS: ReadonlySet<Step['type']> = new Set(['parallel', 'when', 'forEach']);

export class Executor {
  /** Per step list: does each step wait for exactly the one declared before it? */
  private readonly chains = new WeakMap<Step[], boolean>();

  constructor(
    readonly run: RunState,
    readonly hooks: ExecutorHooks,
    /** The IR's step graph (@flowops/core), checked by the interpreter before any step. */
    readonly graph: StepGraph,
    /**
     * Fewer promises per step (runs started since the `LEAN_STEPS_PATCH` marker, see interpreter.ts):
     * a chain runs as one loop and a leaf step skips `exec`. Every promise a workflow creates costs
     * a stack capture in the SDK's promise hook. Runs recorded before the marker replay on the
     * original path, whose promise structure (and so command order) stays exactly as it was.
     */
    readonly lean = false,
  ) {}

  /**
   * Run a step list; resolves with its ListRun (failure set if a step failed with onError: fail).
   * Who waits for whom comes from the graph: declared order in a sequence, none in a parallel group.
   */
  runList(steps: Step[], frame: Frame, parent?: ListRun): Promise<ListRun> {
    return this.lean && this.isChain(steps) ? this.runChain(steps, frame, parent) : this.runGraph(steps, frame, parent);
  }

  /** Every step starts once the steps it waits for have settled. */
  private async runGraph(steps: Step[], frame: Frame, parent?: ListRun): Promise<ListRun> {
    const lr: ListRun = { parent };
    const settled = new Map<string, Promise<void>>();
    const release = new Map<string, () => void>();
    for (const s of steps) settled.set(s.id, new Promise<void>((res) => release.set(s.id, res)));
    const tasks = steps.map(async (step) => {
      try {
        // Siblings only: the interpreter refused out-of-scope dependsOn, duplicates and cycles up front.
        const deps = this.graph.nodes.get(step.id)?.dependsOn ?? [];
        await Promise.all(deps.map((d) => settled.get(d)!));
        await this.runStep(step, frame, lr);
      } finally {
        release.get(step.id)!();
      }
    });
    await Promise.all(tasks);
    return lr;
  }

  /**
   * A list in which each step waits for exactly the one before it (the default sequence) has no
   * concurrency: one loop runs it, with no settle/release promise per step, and an action step
   * costs the promises of its activity only (as in a hand-written workflow). A step that throws a
   * propagating error (cancellation, continue-as-new) ends the loop; no later step starts.
   */
  private async runChain(steps: Step[], frame: Frame, parent?: ListRun): Promise<ListRun> {
    const lr: ListRun = { parent };
    for (const step of steps) {
      if (step.type !== 'action' || step.checkpointAfter) {
        await this.runStep(step, frame, lr);
        continue;
      }
      // runStep for an action, inline: the loop awaits the activity itself, no promise of its own
      const r = this.open(step, frame, lr);
      if (!r) continue;
      try {
        if (!this.start(step, frame, r)) continue;
        const started = startAction(this.run, step, frame, r);
        const outcome = 'outcome' in started ? started.outcome : started.settle(await started.pending);
        this.run.finish(frame, r, outcome.status, outcome.fields);
      } catch (err) {
        const f = this.failureOf(r, err);
        if (this.wantsOperator(step, r) && (await operatorDecides(this.run, step, frame, r, f))) continue;
        this.fail(step, frame, r, lr, f);
      }
    }
    return lr;
  }

  private isChain(steps: Step[]): boolean {
    let chain = this.chains.get(steps);
    if (chain === undefined) {
      chain = steps.every((step, i) => {
        const deps = this.graph.nodes.get(step.id)?.dependsOn ?? [];
        return i === 0 ? deps.length === 0 : deps.length === 1 && deps[0] === steps[i - 1]?.id;
      });
      this.chains.set(steps, chain);
    }
    return chain;
  }

  onError(step: Step): OnError {
    return step.onError ?? this.run.ir.defaults?.onError ?? 'fail';
  }

  async runStep(step: Step, frame: Frame, lr: ListRun): Promise<void> {
    const r = this.open(step, frame, lr);
    if (!r) return;
    try {
      if (!this.start(step, frame, r)) return;
      const outcome = await (this.lean && !GROUP_KINDS.has(step.type) ? runLeaf(this.run, step, frame, r) : this.exec(step, frame, r, lr));
      this.run.finish(frame, r, outcome.status, outcome.fields);
      if (step.type === 'action' && step.checkpointAfter && outcome.status !== 'failed') await this.runStep(checkpointStep(step), frame, lr);
    } catch (err) {
      const f = this.failureOf(r, err);
      // Operator controls (only when the step declares them): tell a human, wait for a skip.
      if (step.type === 'action' && this.wantsOperator(step, r)) {
        if (await operatorDecides(this.run, step, frame, r, f)) return;
      }
      this.fail(step, frame, r, lr, f);
    }
  }

  /** The record of a step about to run; undefined when it already ended (restored) or its list stopped (skipped). */
  private open(step: Step, frame: Frame, lr: ListRun): StepRecord | undefined {
    const r = this.run.record(frame, step.id, step.type);
    if (TERMINAL.has(r.status)) {
      frame.local.set(step.id, r); // restored after continue-as-new
      return undefined;
    }
    if (stopped(lr)) {
      this.skip(step, frame, 'run failed');
      return undefined;
    }
    return r;
  }

  /** Evaluates the step's `if` (false: skipped, returns false) and marks it running. Throws a step failure. */
  private start(step: Step, frame: Frame, r: StepRecord): boolean {
    if (step.if) {
      const c = evaluate(step.if, this.run.scope(frame));
      if (!c.ok) throw issuesFailure(r.key, 'evaluate its "if" condition', c.issues, 'FLOW_CONDITION_EVAL_ERROR');
      if (!c.value) {
        this.skip(step, frame, 'condition false');
        return false;
      }
    }
    r.status = 'running';
    r.startedAt ??= Date.now();
    return true;
  }

  /** A step's error as its failure; what the workflow itself must see (cancellation, continue-as-new) is rethrown. */
  private failureOf(r: StepRecord, err: unknown): StepFailure {
    if (mustPropagate(err)) throw err;
    const f = toStepFailure(r.key, err);
    f.step ??= r.key;
    r.startedAt ??= Date.now();
    return f;
  }

  /** Does a failed action ask a human first (it declares `allowSkip` or `notifyHuman`)? */
  private wantsOperator(step: ActionStep, r: StepRecord): boolean {
    return r.status === 'running' && Boolean(step.allowSkip || notifyConfig(this.run, step));
  }

  /** Record the failure; with `onError: fail` it stops the list. */
  private fail(step: Step, frame: Frame, r: StepRecord, lr: ListRun, f: StepFailure): void {
    this.run.finish(frame, r, 'failed', { error: f.toStepError() });
    if (this.onError(step) === 'fail') lr.failure ??= f;
  }

  /** Mark a step (and the steps nested in it) skipped; references to them resolve to undefined. */
  skip(step: Step, frame: Frame, reason: string): void {
    const r = this.run.record(frame, step.id, step.type);
    if (TERMINAL.has(r.status)) return;
    this.run.finish(frame, r, 'skipped', { reason, startedAt: r.startedAt ?? Date.now() });
    const nested = step.type === 'parallel' ? step.steps : step.type === 'when' ? [...step.then, ...(step.else ?? [])] : [];
    for (const s of nested) this.skip(s, frame, reason);
  }

  private async exec(step: Step, frame: Frame, r: StepRecord, lr: ListRun): Promise<Outcome> {
    switch (step.type) {
      case 'parallel': {
        const child = await this.runList(step.steps, frame, lr);
        if (child.failure) throw child.failure;
        return { status: 'succeeded', fields: { output: this.outputsOf(step.steps, frame) } };
      }
      case 'when':
        return this.when(step, frame, r, lr);
      case 'forEach':
        return this.forEach(step, frame, r, lr);
      default:
        return runLeaf(this.run, step, frame, r);
    }
  }

  private outputsOf(steps: Step[], frame: Frame): Record<string, unknown> {
    return Object.fromEntries(steps.map((s) => [s.id, frame.local.get(s.id)?.output]));
  }

  private async when(step: WhenStep, frame: Frame, r: StepRecord, lr: ListRun): Promise<Outcome> {
    const c = evaluate(step.condition, this.run.scope(frame));
    if (!c.ok) throw issuesFailure(r.key, 'evaluate its condition', c.issues, 'FLOW_CONDITION_EVAL_ERROR');
    const branch = c.value ? 'then' : 'else';
    const taken = c.value ? step.then : (step.else ?? []);
    const other = c.value ? (step.else ?? []) : step.then;
    for (const s of other) this.skip(s, frame, 'branch not taken');
    r.input = { branch };
    if (taken.length > 0) {
      const child = await this.runList(taken, frame, lr);
      if (child.failure) throw child.failure;
    }
    return { status: 'succeeded', fields: { output: { branch, ...this.outputsOf(taken, frame) } } };
  }

  private async forEach(step: ForEachStep, frame: Frame, r: StepRecord, lr: ListRun): Promise<Outcome> {
    const res = resolve(step.items, this.run.scope(frame));
    if (!res.ok) throw issuesFailure(r.key, 'resolve its items', res.issues);
    if (!Array.isArray(res.value)) {
      const got = res.value === null ? 'null' : typeof res.value;
      throw new StepFailure('FLOW_INVALID_TEMPLATE', `Step "${r.key}": forEach items must resolve to an array, got ${got}`);
    }
    const items: unknown[] = res.value;
    const max = step.maxParallel ?? Number.POSITIVE_INFINITY;
    r.input = { items: items.length, maxParallel: step.maxParallel ?? null };
    let progress = this.run.forEach.get(r.key);
    if (!progress) {
      progress = { done: new Set(), results: new Map() };
      this.run.forEach.set(r.key, progress);
    }
    const p = progress;
    const group: ListRun = { parent: lr };
    let active = 0;
    const running: Promise<void>[] = [];
    const runLevel = frame.prefix === '';
    // Backfill guards, only when declared: a rate limit (workflow timers) and a circuit breaker.
    const pace = step.rateLimit !== undefined && !this.run.args.dryRun ? new Pacer(step.rateLimit) : undefined;
    const breaker = step.circuitBreaker ? new Breaker(step.circuitBreaker) : undefined;
    for (let i = 0; i < items.length; i++) {
      if (p.done.has(i)) continue;
      await condition(() => active < max || stopped(group));
      if (stopped(group) || breaker?.open) break;
      if (pace) {
        await pace.next();
        if (stopped(group) || breaker?.open) break;
      }
      if (runLevel) await this.hooks.maybeContinueAsNew(() => condition(() => active === 0));
      active++;
      breaker?.started();
      const f = iterationFrame(frame, r.key, i, items[i], step.as);
      const index = i;
      running.push(
        (async () => {
          try {
            const ilr = await this.runList(step.steps, f, group);
            if (ilr.failure && breaker) breaker.failed(index, items[index]);
            else if (ilr.failure) group.failure ??= ilr.failure;
            else {
              p.done.add(index);
              p.results.set(index, this.outputsOf(step.steps, f));
              breaker?.succeeded();
            }
          } finally {
            active--;
          }
        })(),
      );
    }
    await Promise.all(running);
    if (group.failure) throw group.failure;
    if (breaker?.open) throw breaker.failure(r.key, items.length);
    return { status: 'succeeded', fields: { output: items.map((_, i) => p.results.get(i) ?? null) } };
  }
}
