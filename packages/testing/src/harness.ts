/**
 * `runWorkflowTest`: run a workflow on the real interpreter, on the integration dev server,
 * with a worker whose plugin actions are test mocks. Returns the result, the trace and the
 * Temporal history.
 *
 * - Actions without a mock fail at once (non-retryable FLOW_UNKNOWN_ACTION naming the action).
 * - Approvals are answered from `approvals` as soon as the step waits; unanswered ones wait for
 *   their timeout.
 * - `fastTimers` (default on) shortens sleeps to 1ms and retry intervals to at most 10ms, so a
 *   definition with `sleep('bake', '5m')` tests in milliseconds.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { type Effect, type Step, Workflow, type WorkflowInput, walkSteps } from '@flowops/core';
import {
  type ActionSpec,
  type ApprovalDecision,
  type RunOutcome,
  type TraceEntry,
  createFlowopsWorker,
  progressQuery,
  startRun,
  waitForResult,
} from '@flowops/runtime';
import { SecretResolver, StaticSecretProvider } from '@flowops/runtime/security';
import type { ActionContext, PluginImplementation, WorkflowDefinition } from '@flowops/sdk';
import { Client, Connection } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { testTemporalAddress } from './vitest';

export type Mock = (input: any, ctx: ActionContext) => unknown;

/**
 * A "mock" that runs a real plugin handler (for pure actions such as `transform.jsonata`).
 * @example
 * mocks: { 'transform.jsonata@1': realAction(transformWorker, 'jsonata') }
 */
export function realAction<P extends PluginImplementation>(implementation: P, action: keyof P['handlers'] & string): Mock {
  const handler = (implementation.handlers as Record<string, { run(input: unknown, ctx: ActionContext): Promise<unknown> }>)[action];
  if (!handler) throw new Error(`${implementation.contract.name} has no action "${action}"`);
  return (input, ctx) => handler.run(input, ctx);
}

export type ApprovalAnswer = 'approve' | 'reject' | Omit<ApprovalDecision, 'stepId'>;

export interface WorkflowTestOptions {
  /** The IR, or the definition (compiled here with `definition.toIR(version)`). */
  ir?: Workflow | WorkflowInput | undefined;
  definition?: WorkflowDefinition | undefined;
  /** Version used with `definition` (default 0.0.0). */
  version?: string | undefined;
  input?: unknown;
  /** `{ 'http.request@1': (input) => output }` — thrown errors become FLOW_PLUGIN_ERROR. */
  mocks?: Record<string, Mock> | undefined;
  dryRun?: boolean | undefined;
  /** Decisions for approval steps by step id (or key, e.g. `each[1].gate`). */
  approvals?: Record<string, ApprovalAnswer> | undefined;
  /** `env.X` values. */
  env?: Record<string, string> | undefined;
  /** Secret values available to the mocks' inputs (`{{ secret.X }}`). */
  secrets?: Record<string, string> | undefined;
  /** Targets of `call` steps. */
  childIrs?: Record<string, Workflow> | undefined;
  /** Shorten sleeps and retry intervals (default true). */
  fastTimers?: boolean | undefined;
  /** Temporal address (default: the integration dev server). */
  address?: string | undefined;
}

export interface WorkflowTestResult {
  status: 'succeeded' | 'failed';
  output: unknown;
  /** Failure code and message when the run failed. */
  code?: string | undefined;
  message?: string | undefined;
  failedStep?: string | undefined;
  steps: TraceEntry[];
  /** The step of the trace with this id/key. */
  step(id: string): TraceEntry | undefined;
  /** Inputs every mock was called with, by `uses`. */
  calls: Record<string, unknown[]>;
  history: temporal.api.history.v1.IHistory;
  workflowId: string;
}

interface Shared {
  address: string;
  client: Client;
  native: NativeConnection;
}
const shared = new Map<string, Promise<Shared>>();

function testAddress(explicit?: string): string {
  return explicit ?? testTemporalAddress();
}

function connectShared(address: string): Promise<Shared> {
  let p = shared.get(address);
  if (!p) {
    p = (async () => {
      try {
        Runtime.install({ logger: new DefaultLogger('ERROR') });
      } catch {
        // a Runtime already exists in this process
      }
      const connection = await Connection.connect({ address });
      const native = await NativeConnection.connect({ address });
      return { address, client: new Client({ connection }), native };
    })();
    shared.set(address, p);
  }
  return p;
}

function fastTimers(steps: Step[]): Step[] {
  const retry = <R extends { initialInterval?: string; maxInterval?: string | undefined }>(r: R): R => ({
    ...r,
    initialInterval: '10ms',
    ...(r.maxInterval ? { maxInterval: '10ms' } : {}),
  });
  return steps.map((s) => {
    const copy = { ...s } as Step & Record<string, unknown>;
    if (copy.type === 'sleep') copy.duration = '1ms';
    if (copy.type === 'action' && copy.retry) copy.retry = retry(copy.retry);
    if (copy.type === 'parallel' || copy.type === 'forEach') copy.steps = fastTimers(copy.steps);
    if (copy.type === 'when') {
      copy.then = fastTimers(copy.then);
      if (copy.else) copy.else = fastTimers(copy.else);
    }
    return copy;
  });
}

function resolveIr(o: WorkflowTestOptions): Workflow {
  const raw = o.ir ?? o.definition?.toIR(o.version ?? '0.0.0');
  if (!raw) throw new Error('runWorkflowTest needs `ir` or `definition`');
  const ir = Workflow.parse(raw);
  if (o.fastTimers === false) return ir;
  const defaults = ir.defaults?.retry
    ? { ...ir.defaults, retry: { ...ir.defaults.retry, initialInterval: '10ms', ...(ir.defaults.retry.maxInterval ? { maxInterval: '10ms' } : {}) } }
    : ir.defaults;
  return { ...ir, steps: fastTimers(ir.steps), ...(defaults ? { defaults } : {}) };
}

/** Every `uses` of a workflow (steps and compensations) with its effect. */
function usesOf(ir: Workflow): Map<string, Effect> {
  const out = new Map<string, Effect>();
  for (const { step } of walkSteps(ir.steps)) {
    if (step.type !== 'action') continue;
    out.set(step.uses, step.effect);
    if (step.compensate) out.set(step.compensate.uses, step.compensate.effect);
  }
  return out;
}

/** Answer approvals as they start waiting, until the run ends. */
async function answerApprovals(shared: Shared, workflowId: string, answers: Record<string, ApprovalAnswer>, done: () => boolean): Promise<void> {
  const handle = shared.client.workflow.getHandle(workflowId);
  const answered = new Set<string>();
  while (!done()) {
    try {
      const p = await handle.query(progressQuery);
      for (const key of p.waitingApprovals) {
        if (answered.has(key)) continue;
        const id = key.split('.').pop() ?? key;
        const a = answers[key] ?? answers[id];
        if (!a) continue;
        answered.add(key);
        const d = typeof a === 'string' ? { decision: a, by: 'flowops-test' } : a;
        await handle.executeUpdate('approve', { args: [{ stepId: key, ...d }] });
      }
      if (p.status !== 'running') return;
    } catch {
      // not started yet or already closed
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * @example
 * const result = await runWorkflowTest({
 *   definition: deployService,
 *   input: { service: 'api', version: '1.2.3' },
 *   mocks: { 'http.request@1': () => ({ status: 201, headers: {}, body: { id: 'd-1' } }) },
 *   approvals: { 'approve-promotion': 'approve' },
 * });
 * expect(result.status).toBe('succeeded');
 */
export async function runWorkflowTest(o: WorkflowTestOptions): Promise<WorkflowTestResult> {
  const ir = resolveIr(o);
  const s = await connectShared(testAddress(o.address));
  const calls: Record<string, unknown[]> = {};
  const mocks = o.mocks ?? {};
  const actions: ActionSpec[] = [...usesOf(ir)].map(([uses, effect]) => ({
    uses,
    effect,
    run: async (input, ctx) => {
      const mock = mocks[uses];
      if (!mock) {
        throw ApplicationFailure.create({
          type: 'FLOW_UNKNOWN_ACTION',
          message: `no mock for ${uses} (step "${ctx.stepId}") — To fix: add mocks['${uses}'] to runWorkflowTest [FLOW_UNKNOWN_ACTION]`,
          nonRetryable: true,
        });
      }
      (calls[uses] ??= []).push(input);
      return mock(input, ctx);
    },
  }));
  const taskQueue = `flowops-test-${randomUUID()}`;
  const { worker } = await createFlowopsWorker({
    connection: s.native,
    taskQueue,
    actions,
    secrets: new SecretResolver({ providers: { env: new StaticSecretProvider(o.secrets ?? {}) } }),
  });
  let finished = false;
  let outcome: RunOutcome | undefined;
  let workflowId = '';
  let history: temporal.api.history.v1.IHistory = {};
  await worker.runUntil(async () => {
    const started = await startRun({
      client: s.client,
      ir,
      input: o.input ?? {},
      env: o.env ?? {},
      dryRun: o.dryRun ?? false,
      taskQueue,
      childIrs: o.childIrs,
      triggeredBy: 'flowops-test',
    });
    workflowId = started.workflowId;
    const approving = o.approvals ? answerApprovals(s, workflowId, o.approvals, () => finished) : Promise.resolve();
    outcome = await waitForResult(s.client, workflowId);
    finished = true;
    await approving;
    history = await s.client.workflow.getHandle(workflowId).fetchHistory();
  });
  const r = outcome!;
  const steps = r.steps;
  return {
    status: r.status,
    output: r.status === 'succeeded' ? r.output : undefined,
    ...(r.status === 'failed' ? { code: r.code, message: r.message, failedStep: r.failedStep } : {}),
    steps,
    step: (id) => steps.find((t) => t.step === id) ?? steps.find((t) => t.step.endsWith(`.${id}`)),
    calls,
    history,
    workflowId,
  };
}
