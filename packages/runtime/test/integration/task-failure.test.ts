/** A run whose workflow task keeps failing: the progress query and registry reads say so (FLOW_NONDETERMINISM), not "unreachable". */
import { FlowError } from '@flowops/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { explainStuck, failingWorkflowTask } from '../../src/client/task-failure';
import { getProgress } from '../../src/client/runs';
import { unreachable } from '../../src/registry/errors';
import { type RunningWorker, type TestEnv, connect, ir, sleepMs, specs, start, startWorker } from './helpers';

let env: TestEnv;
let w: RunningWorker;
beforeAll(async () => {
  env = await connect();
  w = await startWorker(env, specs({ 'test.echo@1': (i) => i }));
}, 300_000);
afterAll(async () => {
  await w?.stop();
  await env?.close();
});

describe('a workflow whose task is failing', () => {
  test('progress and registry-style reads get FLOW_NONDETERMINISM with the reason from history', async () => {
    // `steps: null` makes the interpreter throw a TypeError (a workflow-task failure, retried forever)
    const broken = { ...ir([{ id: 'a', type: 'action', uses: 'test.echo@1', effect: 'read', with: {} }]), steps: null } as never;
    const handle = await start(env, w.taskQueue, { ir: broken, input: {}, env: {}, dryRun: false });
    try {
      let stuck: Awaited<ReturnType<typeof failingWorkflowTask>>;
      for (let i = 0; i < 100 && !stuck; i++) {
        stuck = await failingWorkflowTask(env.client, handle.workflowId);
        if (!stuck) await sleepMs(200);
      }
      expect(stuck).toMatchObject({ cause: 'WORKFLOW_WORKER_UNHANDLED_FAILURE', message: expect.stringContaining('Cannot read properties of null') });
      const err = await getProgress(env.client, handle.workflowId).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FlowError);
      expect(err).toMatchObject({ code: 'FLOW_NONDETERMINISM', message: expect.stringContaining('is failing') });
      expect((err as FlowError).message).toContain('Cannot read properties of null');
      expect((err as FlowError).message).toContain('To fix:');
      const issue = await explainStuck(env.client, handle.workflowId, 'could not query the registry', () => unreachable(new Error('deadline'), 'x'));
      expect(issue.code).toBe('FLOW_NONDETERMINISM');
    } finally {
      await handle.terminate('test done');
    }
  });
  test('a healthy workflow is not mistaken for a stuck one', async () => {
    const handle = await start(env, w.taskQueue, { ir: ir([{ id: 'a', type: 'sleep', duration: '1m' }]), input: {}, env: {}, dryRun: false });
    try {
      await getProgress(env.client, handle.workflowId);
      const issue = await explainStuck(env.client, handle.workflowId, 'x', () => unreachable(new Error('deadline'), 'x'));
      expect(issue.code).toBe('FLOW_TEMPORAL_UNREACHABLE');
    } finally {
      await handle.terminate('test done');
    }
  });
});
