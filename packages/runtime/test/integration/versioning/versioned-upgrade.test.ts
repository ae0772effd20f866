/**
 * Upgrading the interpreter with runs in flight. Runs waiting on an approval and a long sleep
 * start on worker version A; version B, built from the deliberately incompatible fixture
 * interpreter (one extra command first), becomes current: new runs go to B, the waiting runs
 * complete on A, none fails. The same upgrade without versioning fails the waiting run with a
 * non-determinism error — versioning is what saves the runs.
 */
import { randomUUID } from 'node:crypto';
import { type WorkflowBundle, bundleWorkflowCode } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adoptVersionIfNone, promoteVersion } from '../../../src/versioning';
import { createFlowopsWorker } from '../../../src/worker';
import { approveUpdate, progressQuery } from '../../../src/workflows/types';
import { SecretResolver, StaticSecretProvider } from '../../../src/secrets';
import { INCOMPATIBLE_INTERPRETER } from '../../replay/corpus';
import { type TestEnv, args, connect, ir, sleepMs, specs, start } from '../helpers';

let env: TestEnv;
let incompatible: WorkflowBundle;
const actions = specs({ 'test.echo@1': (input) => ({ echoed: input }) });
const secrets = new SecretResolver({ providers: { env: new StaticSecretProvider({}) } });

beforeAll(async () => {
  env = await connect();
  incompatible = await bundleWorkflowCode({
    workflowsPath: INCOMPATIBLE_INTERPRETER,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
}, 180_000);
afterAll(async () => {
  await env?.close();
});

const gate = { id: 'gate', type: 'approval', message: 'Ship it?', timeout: '1h' };
const echo = (id: string) => ({ id, type: 'action', uses: 'test.echo@1', effect: 'read', with: { id } });

/** A worker on `taskQueue`; versioned when `buildId` is given; B-side workers run the fixture bundle. */
async function worker(taskQueue: string, o: { deploymentName?: string; buildId?: string; bundle?: WorkflowBundle }) {
  const { worker: w } = await createFlowopsWorker({
    connection: env.native,
    taskQueue,
    actions,
    secrets,
    ...(o.deploymentName && o.buildId ? { versioning: { deploymentName: o.deploymentName, buildId: o.buildId } } : {}),
    // No cache: every task replays the history, so an incompatible worker cannot hide behind a cached run.
    workerOptions: { maxCachedWorkflows: 0, ...(o.bundle ? { workflowBundle: o.bundle } : {}) },
  });
  const running = w.run();
  return {
    async stop() {
      w.shutdown();
      await running;
    },
  };
}

async function waitingOn(
  handle: Awaited<ReturnType<typeof start>>,
  what: (p: { waitingApprovals: string[]; steps: { step: string; status: string }[] }) => boolean,
) {
  for (let i = 0; i < 300; i++) {
    if (what(await handle.query(progressQuery))) return;
    await sleepMs(100);
  }
  throw new Error('the run never reached the expected state');
}

async function deploymentVersion(workflowId: string): Promise<unknown> {
  return (await env.client.workflow.getHandle(workflowId).describe()).searchAttributes.TemporalWorkerDeploymentVersion;
}

describe('versioned upgrade of the interpreter', () => {
  test('runs waiting on version A finish on A after B (incompatible) becomes current; new runs go to B', { timeout: 150_000 }, async () => {
    const taskQueue = `upgrade-${randomUUID()}`;
    const deploymentName = `flowops-${taskQueue}`;
    const a = await worker(taskQueue, { deploymentName, buildId: 'a' });
    let b: { stop(): Promise<void> } | undefined;
    try {
      expect(await adoptVersionIfNone(env.client, { deploymentName, buildId: 'a' })).toBe('current');
      const approval = await start(env, taskQueue, args(ir([gate, echo('after')])));
      const sleeper = await start(env, taskQueue, args(ir([echo('before'), { id: 'nap', type: 'sleep', duration: '6s' }, echo('after')])));
      await waitingOn(approval, (p) => p.waitingApprovals.includes('gate'));
      await waitingOn(sleeper, (p) => p.steps.some((s) => s.step === 'nap' && s.status === 'running'));

      b = await worker(taskQueue, { deploymentName, buildId: 'b', bundle: incompatible });
      for (let i = 0; ; i++) {
        try {
          await promoteVersion(env.client, { deploymentName, taskQueue, buildId: 'b' });
          break;
        } catch (err) {
          if (i > 60) throw err; // B's pollers are not registered yet
          await sleepMs(500);
        }
      }
      const fresh = await start(env, taskQueue, args(ir([echo('new')])));
      await fresh.result();
      expect(await deploymentVersion(fresh.workflowId)).toEqual([`${deploymentName}:b`]);
      // B ran it: its history starts with the fixture's extra timer.
      const freshHistory = await fresh.fetchHistory();
      expect(freshHistory.events?.some((e) => e.timerStartedEventAttributes)).toBe(true);

      await approval.executeUpdate(approveUpdate, { args: [{ stepId: 'gate', decision: 'approve', by: 'alice' }] });
      await expect(approval.result()).resolves.toMatchObject({ status: 'succeeded' });
      await expect(sleeper.result()).resolves.toMatchObject({ status: 'succeeded' });
      expect(await deploymentVersion(approval.workflowId)).toEqual([`${deploymentName}:a`]);
      expect(await deploymentVersion(sleeper.workflowId)).toEqual([`${deploymentName}:a`]);
      for (const h of [approval, sleeper]) {
        const failed = (await h.fetchHistory()).events?.filter((e) => e.workflowTaskFailedEventAttributes) ?? [];
        expect(failed).toEqual([]);
      }
    } finally {
      await b?.stop();
      await a.stop();
    }
  });

  test('without versioning the same upgrade fails the waiting run with a non-determinism error', { timeout: 120_000 }, async () => {
    const taskQueue = `upgrade-unversioned-${randomUUID()}`;
    const a = await worker(taskQueue, {});
    const sleeper = await start(env, taskQueue, args(ir([echo('before'), { id: 'nap', type: 'sleep', duration: '3s' }, echo('after')])));
    await waitingOn(sleeper, (p) => p.steps.some((s) => s.step === 'nap' && s.status === 'running'));
    await a.stop();
    const b = await worker(taskQueue, { bundle: incompatible });
    try {
      let failure: string | undefined;
      for (let i = 0; i < 200 && !failure; i++) {
        const events = (await sleeper.fetchHistory()).events ?? [];
        failure = events.find((e) => e.workflowTaskFailedEventAttributes)?.workflowTaskFailedEventAttributes?.failure?.message ?? undefined;
        if (!failure) await sleepMs(200);
      }
      expect(failure).toMatch(/Nondeterminism/i);
      expect((await sleeper.describe()).status.name).toBe('RUNNING'); // stuck: every task fails on B
    } finally {
      await sleeper.terminate('test done').catch(() => undefined);
      await b.stop();
    }
  });
});
