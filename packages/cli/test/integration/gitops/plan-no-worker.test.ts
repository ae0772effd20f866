/**
 * `flowops plan` and `flowops drift` need no worker: the real binary reads the registry through one visibility list and the registry workflows'
 * histories (the semantic diff of a changed workflow included), and starts no in-process system
 * worker — checked on the server: no poller of the system task queue carries the command's pid.
 */
import { Client, Connection } from '@temporalio/client';
import { startCapabilityHeartbeat } from '@flowops/runtime';
import { testTemporalAddress } from '@flowops/testing/vitest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { unique } from './helpers';
import { type BinaryRun, type FlowRepo, flowRepo, runFlowops, workflowFiles } from './repo';

const systemQueue = 'flowops-system';
const taskQueue = unique('no-worker-tq');
const p = unique('nw');
let repo: FlowRepo;
let connection: Connection;
let client: Client;
let heartbeat: { stop(): Promise<void> } | undefined;

/** Run the real binary; its pid tells its pollers apart. */
function flowops(...args: string[]): Promise<BinaryRun> {
  const env = { FLOWOPS_TEMPORAL_ADDRESS: testTemporalAddress(), FLOWOPS_NAMESPACE: 'default', FLOWOPS_TASK_QUEUE: taskQueue, FLOWOPS_ACTOR: 'no-worker' };
  return runFlowops(args, { cwd: repo.dir, env });
}

/** Identities of the workers that polled the system task queue (the server keeps them for minutes). */
async function systemPollers(): Promise<string[]> {
  const { pollers } = await client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: systemQueue }, taskQueueType: 1 });
  return (pollers ?? []).map((x) => x.identity ?? '');
}

beforeAll(async () => {
  repo = flowRepo(p);
  connection = await Connection.connect({ address: testTemporalAddress() });
  client = new Client({ connection, namespace: 'default' });
  // a live worker serving log.write@1 on the test's task queue (plan checks plugins)
  heartbeat = await startCapabilityHeartbeat(client, { taskQueue, identity: 'no-worker-it', actions: ['log.write@1'], intervalMs: 5_000 });
  repo.commit('two workflows', {
    ...workflowFiles({ name: `${p}-same`, version: '1.0.0' }),
    ...workflowFiles({ name: `${p}-bump`, version: '1.0.0', message: 'before' }),
  });
  // Publishing writes the registry: with no deployed worker, publish runs its own for the command.
  const published = await flowops('publish', '--env', 'local');
  expect(published.code, published.stderr).toBe(0);
  expect((await systemPollers()).some((id) => id.includes(`:${published.pid}@`))).toBe(true);
}, 240_000);

afterAll(async () => {
  await heartbeat?.stop();
  await connection?.close();
  repo?.[Symbol.dispose]();
});

describe('plan and drift with no worker', () => {
  test('plan shows unchanged and a changed workflow with its diff, and starts no system worker', { timeout: 180_000 }, async () => {
    repo.commit('bump', workflowFiles({ name: `${p}-bump`, version: '1.1.0', message: 'after' }));
    const r = await flowops('plan', '--env', 'local', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as { entries: { name: string; status: string; diff?: unknown }[] };
    const byName = new Map(plan.entries.map((e) => [e.name, e]));
    expect(byName.get(`${p}-same`)?.status).toBe('unchanged');
    expect(byName.get(`${p}-bump`)?.status).toBe('changed');
    // the semantic diff needs the published definition: read from the registry workflow's history
    expect(byName.get(`${p}-bump`)?.diff).toMatchObject({ from: '1.0.0', to: '1.1.0', empty: false });
    expect(await systemPollers()).not.toContainEqual(expect.stringContaining(`:${r.pid}@`));

    const d = await flowops('drift', '--env', 'local', '--format', 'json');
    expect(d.code, d.stderr).toBe(3); // git is ahead: pending
    const drift = JSON.parse(d.stdout) as { inSync: boolean; items: { name: string; kind: string }[] };
    expect(drift.inSync).toBe(false);
    expect(drift.items.filter((i) => i.name.startsWith(p))).toEqual([expect.objectContaining({ name: `${p}-bump`, kind: 'pending' })]);
    expect(await systemPollers()).not.toContainEqual(expect.stringContaining(`:${d.pid}@`));
  });
});
