/**
 * A run started before a publish finishes on the definition it started with; runs started after
 * use the new active version (getActiveDefinition, what `flowops run` uses). Also: a worker's
 * capability heartbeat makes its actions visible to plan.
 */
import { hashWorkflow } from '@flowops/core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { servedActions, startCapabilityHeartbeat } from '../../../src/capabilities';
import { startRun, waitForResult } from '../../../src/client';
import { Registry, getActiveDefinition, startSystemWorker, type RunningSystemWorker } from '../../../src/registry';
import { type RunningWorker, type TestEnv, connect, ir, sleepMs, specs, startWorker } from '../helpers';
import { uniqueName } from './helpers';

let env: TestEnv;
let worker: RunningWorker;
let system: RunningSystemWorker;
let beat: { stop(): Promise<void> };

beforeAll(async () => {
  env = await connect();
  worker = await startWorker(
    env,
    specs({
      'test.wait@1': async (input: { ms: number }) => {
        await sleepMs(input.ms);
        return { waited: input.ms };
      },
      'test.echo@1': async (input: unknown) => input,
    }),
  );
  system = await startSystemWorker({ connection: env.native, namespace: 'default' });
  beat = await startCapabilityHeartbeat(env.client, { taskQueue: worker.taskQueue, identity: 'inflight-worker', actions: ['test.echo@1', 'test.wait@1'] });
});
afterAll(async () => {
  await beat?.stop();
  await system?.stop();
  await worker?.stop();
  await env?.close();
});

test('in-flight runs finish on the definition they started with', async () => {
  const name = uniqueName('inflight');
  const definition = (version: string, label: string) =>
    ir(
      [
        { id: 'wait', type: 'action', uses: 'test.wait@1', with: { ms: 3000 }, effect: 'read' },
        { id: 'mark', type: 'action', uses: 'test.echo@1', with: { label }, effect: 'read' },
      ],
      { name, version, output: { label: '{{ steps.mark.output.label }}' } },
    );
  const registry = new Registry(env.client);
  const meta = { actor: 'ci', source: 'ci' as const };
  const v1 = definition('1.0.0', 'old');
  expect((await registry.publish({ version: '1.0.0', hash: hashWorkflow(v1), ir: v1, meta })).ok).toBe(true);

  const active = await getActiveDefinition(env.client, name);
  if (!active.ok) throw new Error(active.issues[0]?.message);
  const before = await startRun({ client: env.client, ir: active.value.ir, input: {}, taskQueue: worker.taskQueue, searchAttributes: false });

  const v2 = definition('2.0.0', 'new');
  expect((await registry.publish({ version: '2.0.0', hash: hashWorkflow(v2), ir: v2, meta })).ok).toBe(true);
  const now = await getActiveDefinition(env.client, name);
  expect(now.ok && now.value.version).toBe('2.0.0');
  const after = await startRun({ client: env.client, ir: (now.ok && now.value.ir) || v2, input: {}, taskQueue: worker.taskQueue, searchAttributes: false });

  const [oldRun, newRun] = await Promise.all([waitForResult(env.client, before.workflowId), waitForResult(env.client, after.workflowId)]);
  expect(oldRun).toMatchObject({ status: 'succeeded', output: { label: 'old' } });
  expect(newRun).toMatchObject({ status: 'succeeded', output: { label: 'new' } });

  const served = await servedActions(env.client, { taskQueue: worker.taskQueue });
  expect([...served].sort()).toEqual(['test.echo@1', 'test.wait@1']);
});
