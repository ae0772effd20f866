/**
 * Leaf step kinds: action (one activity, optional read cache), sleep (durable timer), approval
 * (waits for the `approve` update) and call (child interpreter workflow). Sandbox-safe.
 * @module
 */
import {
  type ActionStep,
  type ApprovalStep,
  type CallStep,
  type SleepStep,
  type Step,
  type Workflow,
  canonicalJson,
  collectReferences,
  durationToMs,
  findCallTarget,
  stepIdempotencyKey,
} from '@flowops/core';
import { condition, executeChild, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import { activityOptionsFor, failuresFinal } from './activity-options';
import { dryRunInput } from './dry-run-inputs';
import { resolve, resolveAction } from './expr';
import { StepFailure, issuesFailure } from './failures';
import { approvalWaiting } from './run-metrics';
import { notifyConfig, notifyHuman } from './notify';
import type { Frame, RunState } from './run-state';
import {
  type ActionRequest,
  type ActionResponse,
  INTERPRETER_WORKFLOW_TYPE,
  type InterpreterResult,
  type Outcome,
  type PendingCompensation,
  type StepRecord,
} from './types';

type ActionActivities = Record<string, (req: ActionRequest) => Promise<ActionResponse>>;

export function runLeaf(run: RunState, step: Step, frame: Frame, r: StepRecord): Promise<Outcome> {
  switch (step.type) {
    case 'action':
      return action(run, step, frame, r);
    case 'sleep':
      return sleepStep(run, step, r);
    case 'approval':
      return approval(run, step, r);
    case 'call':
      return call(run, step, frame, r);
    default:
      throw new StepFailure('FLOW_INTERNAL', `Step "${r.key}" has an unknown kind`);
  }
}

/** Activity proxies by step (or compensation) definition: its options are parsed once per run, not per call. */
const proxies = new WeakMap<object, ActionActivities>();

/** Run one plugin action as one activity. */
export function callAction(
  run: RunState,
  source: { uses: string; retry?: ActionStep['retry']; timeout?: string | undefined; heartbeatTimeout?: string | undefined; totalTimeout?: string | undefined },
  request: ActionRequest,
): Promise<ActionResponse> {
  let acts = proxies.get(source);
  if (!acts) {
    acts = proxyActivities<ActionActivities>(activityOptionsFor(source, run.ir.defaults));
    proxies.set(source, acts);
  }
  const fn = acts[source.uses];
  if (!fn) throw new StepFailure('FLOW_UNKNOWN_ACTION', `No activity for ${source.uses}`);
  return fn(failuresFinal(source, run.ir.defaults) ? { ...request, failuresFinal: true } : request);
}

const readsStep = new WeakMap<ActionStep, boolean>();
/** Does a template of the step's `with` reference `step.…`? (core's reference walk; unparsable: assume so) */
function readsStepKey(step: ActionStep): boolean {
  let reads = readsStep.get(step);
  if (reads === undefined) {
    const refs = collectReferences(step.with ?? {}, 'value');
    reads = !refs.ok || refs.value.some((ref) => ref.root === 'step');
    readsStep.set(step, reads);
  }
  return reads;
}

/**
 * An action step up to its activity: the outcome when it needs none (a read-cache hit), or the
 * activity's promise and how its response becomes the step's outcome. Synchronous (a resolve
 * error throws), so a caller can await the activity itself and create no promise of its own.
 */
export type StartedAction = { outcome: Outcome } | { pending: Promise<ActionResponse>; settle(response: ActionResponse): Outcome };

export function startAction(run: RunState, step: ActionStep, frame: Frame, r: StepRecord): StartedAction {
  const scope = run.scope(frame);
  // {{ step.key }} = the activity's idempotency key (templates read data properties only, so it is
  // computed up front, for the steps whose `with` references it)
  if (readsStepKey(step)) scope.step = { key: stepIdempotencyKey(workflowInfo().workflowId, r.key) };
  const dry = run.args.dryRun ? dryRunInput(step.with, scope) : undefined;
  const res = resolveAction(step, dry ? dry.value : step.with, scope);
  if (!res.ok) throw issuesFailure(r.key, 'resolve its input', res.issues);
  const { slots, secrets } = res.value;
  const input = (res.value.value ?? {}) as Record<string, unknown>;
  r.input = input;
  const ttl = step.cache && step.effect === 'read' ? durationToMs(step.cache.ttl) : undefined;
  const keyed = slots.length > 0 ? { with: input, secretSlots: slots } : input;
  const cacheKey = ttl !== undefined ? `${step.uses} ${canonicalJson(keyed)}` : undefined;
  if (cacheKey) {
    const hit = run.cache.get(cacheKey);
    if (hit && hit.expiresAt > Date.now())
      return { outcome: { status: 'succeeded', fields: { output: hit.output, cached: true, cache: { hit: true, cachedAt: hit.at } } } };
  }
  const request: ActionRequest = { stepId: r.key, with: input, dryRun: run.args.dryRun };
  if (slots.length > 0) request.secretSlots = slots;
  if (secrets.length > 0) request.secrets = secrets;
  if (dry?.dependsOnSimulated) request.simulate = true;
  const pending = callAction(run, step, request);
  const settle = (response: ActionResponse): Outcome => {
    const now = Date.now();
    if (cacheKey && ttl !== undefined && !response.simulated) {
      run.cache.set(cacheKey, { key: cacheKey, output: response.output, at: now, expiresAt: now + ttl });
    }
    if (step.compensate) run.compensations.push(compensationFor(run, step, frame, r, response.output));
    return {
      status: response.simulated ? 'simulated' : 'succeeded',
      fields: {
        output: response.output,
        simulated: response.simulated,
        attempt: response.attempt,
        ...(cacheKey ? { cache: { hit: false, cachedAt: null } } : {}),
      },
    };
  };
  return { pending, settle };
}

async function action(run: RunState, step: ActionStep, frame: Frame, r: StepRecord): Promise<Outcome> {
  const started = startAction(run, step, frame, r);
  if ('outcome' in started) return started.outcome;
  return started.settle(await started.pending);
}

/** Resolve a step's undo now (its scope includes the step's own output). */
function compensationFor(run: RunState, step: ActionStep, frame: Frame, r: StepRecord, output: unknown): PendingCompensation {
  const c = step.compensate!;
  const scope = run.scope(frame);
  scope.steps[step.id] = { status: 'succeeded', output };
  scope.step = { key: stepIdempotencyKey(workflowInfo().workflowId, `${r.key}:compensate`) };
  const res = resolveAction(c, c.with, scope);
  const base = { key: r.key, uses: c.uses, effect: c.effect, retry: step.retry, timeout: step.timeout };
  if (!res.ok) return { ...base, error: issuesFailure(r.key, 'resolve its compensation input', res.issues).toStepError() };
  const { value, slots, secrets } = res.value;
  return { ...base, with: value, ...(slots.length > 0 ? { secretSlots: slots } : {}), ...(secrets.length > 0 ? { secrets } : {}) };
}

async function sleepStep(run: RunState, step: SleepStep, r: StepRecord): Promise<Outcome> {
  const ms = durationToMs(step.duration) ?? 0;
  r.input = { duration: step.duration };
  if (run.args.dryRun) return { status: 'simulated', fields: { simulated: true, output: { slept: false } } };
  await sleep(ms);
  return { status: 'succeeded', fields: { output: { slept: true } } };
}

async function approval(run: RunState, step: ApprovalStep, r: StepRecord): Promise<Outcome> {
  r.input = { message: step.message, approvers: step.approvers ?? [], timeout: step.timeout };
  if (run.args.dryRun) {
    return { status: 'simulated', fields: { simulated: true, output: { approved: true, approver: 'dry-run' } } };
  }
  const ms = durationToMs(step.timeout) ?? 0;
  run.waiting.set(r.key, step);
  approvalWaiting(r.key, true);
  // Only with notifyHuman (step or workflow): the message goes out while the approval already waits.
  const note = notifyConfig(run, step) ? notifyHuman(run, step, r, { kind: 'approval-waiting', message: step.message }) : undefined;
  let decided: boolean;
  try {
    decided = await condition(() => run.decisions.has(r.key), ms);
  } finally {
    run.waiting.delete(r.key);
    approvalWaiting(r.key, false);
  }
  if (note) await note;
  if (!decided) {
    if ((step.onTimeout ?? 'reject') === 'approve') {
      return { status: 'succeeded', fields: { output: { approved: true, approver: 'timeout' } } };
    }
    throw new StepFailure('FLOW_APPROVAL_TIMEOUT', `Approval "${r.key}" got no decision within ${step.timeout}`);
  }
  const d = run.decisions.get(r.key)!;
  if (d.decision === 'reject') {
    const why = d.reason ? `: ${d.reason}` : '';
    throw new StepFailure('FLOW_APPROVAL_REJECTED', `Approval "${r.key}" was rejected by ${d.by}${why}`);
  }
  const output: Record<string, unknown> = { approved: true, approver: d.by };
  if (d.reason) output.comment = d.reason;
  return { status: 'succeeded', fields: { output } };
}

/** Find a call target in `childIrs`: `name@version` first, then `name` (the rule lives in core). */
export function findChildIr(childIrs: Record<string, Workflow> | undefined, name: string, version?: string): Workflow | undefined {
  return findCallTarget(childIrs, name, version);
}

async function call(run: RunState, step: CallStep, frame: Frame, r: StepRecord): Promise<Outcome> {
  // Plain resolution: a secret in a child's input would land in history, so it is an error here.
  const res = resolve(step.with, run.scope(frame));
  if (!res.ok) throw issuesFailure(r.key, 'resolve its input', res.issues);
  r.input = res.value;
  const target = findChildIr(run.args.childIrs, step.workflow, step.version);
  if (!target) {
    const want = step.version ? `${step.workflow}@${step.version}` : step.workflow;
    throw new StepFailure(
      'FLOW_UNKNOWN_WORKFLOW',
      `Step "${r.key}" calls workflow "${want}", which was not supplied with the run — To fix: pass its IR in childIrs (the CLI and publish do this for workflows in the repository)`,
    );
  }
  const timeoutMs = step.timeout ? durationToMs(step.timeout) : undefined;
  const { args } = run;
  const result = await executeChild<(a: unknown) => Promise<InterpreterResult>>(INTERPRETER_WORKFLOW_TYPE, {
    args: [
      {
        ir: target,
        input: res.value,
        env: args.env,
        dryRun: args.dryRun,
        triggeredBy: args.triggeredBy,
        gitSha: args.gitSha,
        childIrs: args.childIrs,
      },
    ],
    workflowId: `${workflowInfo().workflowId}--${r.key}`,
    ...(timeoutMs ? { workflowExecutionTimeout: timeoutMs } : {}),
  });
  return { status: 'succeeded', fields: { output: result.output } };
}
