/**
 * Idempotency keys (stable across attempts and continue-as-new, equal to `{{ step.key }}`),
 * heartbeats by the runtime, final failures of steps without `retry`, the interpreter's own
 * input validation, and trace previews of large values.
 */
import { runIdempotencyKey, stepIdempotencyKey } from '@flowops/core';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningWorker, type TestEnv, args, connect, ir, runFailure, specs, start, startWorker } from './helpers';

let env: TestEnv;
let w: RunningWorker;
const calls: Array<{ step: string; attempt: number; key: string; with: Record<string, unknown> }> = [];
let failOnce = new Set<string>();

beforeAll(async () => {
  env = await connect();
  w = await startWorker(
    env,
    specs({
      'test.record@1!': (input, ctx) => {
        calls.push({ step: ctx.stepId, attempt: ctx.attempt, key: ctx.idempotencyKey, with: input });
        if (failOnce.delete(ctx.stepId)) throw new Error('transient');
        return { key: ctx.idempotencyKey };
      },
      'test.wait@1!': async (input: { ms: number }) => {
        await new Promise((r) => setTimeout(r, input.ms)); // no ctx.heartbeat(): the runtime beats
        return { waited: input.ms };
      },
      'test.fail@1!': (_input, ctx) => {
        calls.push({ step: ctx.stepId, attempt: ctx.attempt, key: ctx.idempotencyKey, with: {} });
        throw ApplicationFailure.retryable('flaky', 'FLOW_PLUGIN_ERROR');
      },
      'test.big@1': () => ({ n: 200_000, rows: 'x'.repeat(200_000) }),
    }),
  );
}, 300_000);
afterAll(async () => {
  await w?.stop();
  await env?.close();
});

const record = (id: string, extra = {}) => ({
  id,
  type: 'action',
  uses: 'test.record@1',
  effect: 'write',
  with: { header: 'k-{{ step.key }}', run: '{{ run.id }}', runKey: '{{ run.key }}' },
  ...extra,
});

describe('idempotency keys', () => {
  test('one key per step and iteration, the same on a retry and after continue-as-new, equal to {{ step.key }}', async () => {
    calls.length = 0;
    failOnce = new Set(['each[1].rec']);
    const wf = ir([
      record('first'),
      {
        id: 'each',
        type: 'forEach',
        items: '{{ input.items }}',
        maxParallel: 1,
        steps: [record('rec', { retry: { maxAttempts: 3, backoff: 'fixed', initialInterval: '100ms' } })],
      },
    ]);
    const handle = await start(env, w.taskQueue, args(wf, { items: [1, 2, 3, 4, 5, 6] }, { continueAsNewAfterEvents: 30 }));
    const result = (await handle.result()) as { status: string };
    expect(result.status).toBe('succeeded');
    const wfId = handle.workflowId;
    const described = await handle.describe();
    expect(described.runId).not.toBe(handle.firstExecutionRunId); // it did continue as new
    for (const c of calls) {
      expect(c.key, c.step).toBe(stepIdempotencyKey(wfId, c.step));
      expect(c.with).toEqual({ header: `k-${c.key}`, run: wfId, runKey: runIdempotencyKey(wfId) });
    }
    const retried = calls.filter((c) => c.step === 'each[1].rec');
    expect(retried.map((c) => c.attempt)).toEqual([1, 2]);
    expect(new Set(retried.map((c) => c.key)).size).toBe(1);
    expect(new Set(calls.map((c) => c.key)).size).toBe(7); // first + 6 iterations
  });
});

describe('liveness and retries', () => {
  test('the runtime heartbeats: a 3 s action outlives a 1 s heartbeat timeout', async () => {
    const wf = ir([{ id: 'wait', type: 'action', uses: 'test.wait@1', effect: 'write', with: { ms: 3000 }, heartbeatTimeout: '1s' }]);
    const result = (await (await start(env, w.taskQueue, args(wf))).result()) as { status: string; steps: { attempt?: number }[] };
    expect(result.status).toBe('succeeded');
    expect(result.steps[0]?.attempt).toBe(1);
  });
  test('a step without retry: a failure is final (one attempt), not retried', async () => {
    calls.length = 0;
    const wf = ir([{ id: 'flaky', type: 'action', uses: 'test.fail@1', effect: 'write', with: {} }]);
    const f = await runFailure(env, w.taskQueue, args(wf));
    expect(f.message).toContain('flaky');
    expect(calls.map((c) => c.attempt)).toEqual([1]);
  });
});

describe('inputs', () => {
  test('a start that bypasses the client with an invalid input fails at once with FLOW_INVALID_INPUT, before any step', async () => {
    calls.length = 0;
    const wf = ir([record('first')], {
      input: { type: 'object', properties: { count: { type: 'integer' } }, required: ['count'], additionalProperties: false },
    });
    const f = await runFailure(env, w.taskQueue, args(wf, { count: 'three', extra: true }));
    expect(f.type).toBe('FLOW_INVALID_INPUT');
    expect(f.message).toContain('count');
    expect(f.message).toContain('extra');
    expect(calls).toEqual([]);
  });
  test('large step outputs are stored in the trace as a preview with their size', async () => {
    const wf = ir([{ id: 'big', type: 'action', uses: 'test.big@1', effect: 'read', with: {} }], { output: { size: '{{ steps.big.output.n }}' } });
    const result = (await (await start(env, w.taskQueue, args(wf))).result()) as { output: unknown; steps: { output?: unknown }[] };
    expect(result.output).toEqual({ size: 200_000 });
    expect(result.steps[0]?.output).toMatchObject({ truncated: true, bytes: JSON.stringify({ n: 200_000, rows: 'x'.repeat(200_000) }).length });
  });
});
