/** Approvals through the `approve` update, the `progress` query, sleep timers and dry-run behaviour. */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { approveUpdate, progressQuery } from '../../src/workflows/types';
import { type RunningWorker, type TestEnv, args, connect, ir, run, runFailure, sleepMs, specs, start, startWorker } from './helpers';

let env: TestEnv;
let w: RunningWorker;
const writes: unknown[] = [];

beforeAll(async () => {
  env = await connect();
  w = await startWorker(
    env,
    specs({
      'test.echo@1': (input) => ({ echoed: input }),
      'test.write@1!': (input) => {
        writes.push(input);
        return { written: true };
      },
    }),
  );
});
afterAll(async () => {
  await w?.stop();
  await env?.close();
});

const gate = (extra: Record<string, unknown> = {}) => ({ id: 'gate', type: 'approval', message: 'Ship it?', timeout: '1h', ...extra });
const after = { id: 'after', type: 'action', uses: 'test.echo@1', effect: 'read', with: { by: '{{ steps.gate.output.approver }}' } };

async function waitForApproval(handle: Awaited<ReturnType<typeof start>>, key = 'gate'): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const p = await handle.query(progressQuery);
    if (p.waitingApprovals.includes(key)) return;
    await sleepMs(100);
  }
  throw new Error(`approval ${key} never became ready`);
}

describe('approvals', () => {
  test('approve lets the run continue; progress shows the live state', async () => {
    const handle = await start(env, w.taskQueue, args(ir([gate(), after])));
    await waitForApproval(handle);
    const live = await handle.query(progressQuery);
    expect(live.status).toBe('running');
    expect(live.steps.find((s) => s.step === 'gate')).toMatchObject({ status: 'running', kind: 'approval' });
    expect(live.steps.find((s) => s.step === 'gate')?.startedAt).toMatch(/^\d{4}-/);
    const ack = await handle.executeUpdate(approveUpdate, { args: [{ stepId: 'gate', decision: 'approve', by: 'alice', reason: 'lgtm' }] });
    expect(ack).toEqual({ stepId: 'gate', decision: 'approve' });
    const result = (await handle.result()) as { steps: { step: string; output?: unknown }[] };
    expect(result.steps.find((s) => s.step === 'after')?.output).toEqual({ echoed: { by: 'alice' } });
    const done = await handle.query(progressQuery);
    expect(done.status).toBe('succeeded');
  });

  test('reject fails the run with FLOW_APPROVAL_REJECTED', async () => {
    const handle = await start(env, w.taskQueue, args(ir([gate(), after])));
    await waitForApproval(handle);
    await handle.executeUpdate(approveUpdate, { args: [{ stepId: 'gate', decision: 'reject', by: 'bob', reason: 'not today' }] });
    const err = await handle.result().catch((e: unknown) => e as { cause?: { type?: string; message?: string } });
    expect(err.cause?.type).toBe('FLOW_APPROVAL_REJECTED');
    expect(err.cause?.message).toContain('not today');
  });

  test('the validator refuses unknown, non-approval and closed step ids and non-approvers', async () => {
    const handle = await start(env, w.taskQueue, args(ir([{ ...after, id: 'first', with: {} }, gate({ approvers: ['@alice'] }), after])));
    await waitForApproval(handle);
    const attempt = (stepId: string, by = 'alice') =>
      handle.executeUpdate(approveUpdate, { args: [{ stepId, decision: 'approve', by }] }).then(
        () => 'accepted',
        (e: unknown) => (e instanceof WorkflowUpdateFailedError ? String((e.cause as Error).message) : `other: ${String(e)}`),
      );
    expect(await attempt('nope')).toMatch(/not a step of this run/);
    expect(await attempt('first')).toMatch(/not an approval step/);
    expect(await attempt('gate', 'mallory')).toMatch(/may not decide/);
    expect(await attempt('gate', '@Alice')).toBe('accepted');
    expect(await attempt('gate')).toMatch(/not waiting|not a step/);
    await handle.result();
  });

  test('no decision before the timeout: onTimeout reject fails with FLOW_APPROVAL_TIMEOUT', async () => {
    const f = await runFailure(env, w.taskQueue, args(ir([gate({ timeout: '1s' }), after])));
    expect(f.type).toBe('FLOW_APPROVAL_TIMEOUT');
  });

  test('no decision before the timeout: onTimeout approve continues', async () => {
    const result = await run(env, w.taskQueue, args(ir([gate({ timeout: '1s', onTimeout: 'approve' }), after])));
    expect(result.steps.find((s) => s.step === 'after')?.output).toEqual({ echoed: { by: 'timeout' } });
  });
});

describe('sleep and dry-run', () => {
  test('sleep is a durable timer', async () => {
    const started = Date.now();
    const result = await run(env, w.taskQueue, args(ir([{ id: 'nap', type: 'sleep', duration: '1s' }])));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(result.steps[0]?.status).toBe('succeeded');
  });

  test('dry-run: reads run, writes are simulated, approvals auto-approve, sleeps are skipped', async () => {
    writes.length = 0;
    const wf = ir([
      { id: 'read', type: 'action', uses: 'test.echo@1', effect: 'read', with: { v: 1 } },
      { id: 'nap', type: 'sleep', duration: '1h' },
      gate(),
      { id: 'write', type: 'action', uses: 'test.write@1', effect: 'write', with: { v: 2 } },
    ]);
    const result = await run(env, w.taskQueue, args(wf, {}, { dryRun: true }));
    expect(writes).toEqual([]);
    expect(result.steps.map((s) => [s.step, s.status, s.simulated])).toEqual([
      ['read', 'succeeded', false],
      ['nap', 'simulated', true],
      ['gate', 'simulated', true],
      ['write', 'simulated', true],
    ]);
    expect(result.steps[0]?.output).toEqual({ echoed: { v: 1 } });
  });
});
