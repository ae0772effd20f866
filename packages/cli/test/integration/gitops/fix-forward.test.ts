/**
 * Fix-forward after a rollback, through the real binary: publish 1.0.0 and 1.0.1, `flowops rollback`
 * to 1.0.0, bump to 1.0.1 again with a change → `flowops check --base <rollback commit>` fails naming
 * 1.0.2 (read offline from the record the rollback commit leaves), and `plan` says the same.
 */
import { startCapabilityHeartbeat } from '@flowops/runtime';
import { testTemporalAddress } from '@flowops/testing/vitest';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { unique } from './helpers';
import { type BinaryRun, type FlowRepo, flowRepo, runFlowops, workflowFiles } from './repo';

const taskQueue = unique('ff-tq');
let connection: Connection;
let heartbeat: { stop(): Promise<void> } | undefined;

beforeAll(async () => {
  connection = await Connection.connect({ address: testTemporalAddress() });
  const client = new Client({ connection, namespace: 'default' });
  heartbeat = await startCapabilityHeartbeat(client, { taskQueue, identity: 'ff-it-worker', actions: ['log.write@1'], intervalMs: 5_000 });
});
afterAll(async () => {
  await heartbeat?.stop();
  await connection?.close();
});

function flowops(repo: FlowRepo, ...args: string[]): Promise<BinaryRun> {
  const env = { FLOWOPS_TEMPORAL_ADDRESS: testTemporalAddress(), FLOWOPS_NAMESPACE: 'default', FLOWOPS_TASK_QUEUE: taskQueue, FLOWOPS_ACTOR: 'ff-test' };
  return runFlowops(args, { cwd: repo.dir, env });
}

test('check --base after a rollback names the next free version when the fix-forward reuses a published one', { timeout: 300_000 }, async () => {
  using repo = flowRepo(unique('ff'));
  const name = unique('ff-wf');
  repo.commit(`${name} 1.0.0`, workflowFiles({ name, version: '1.0.0' }));
  let r = await flowops(repo, 'publish', '--env', 'local');
  expect(r.code, r.stdout + r.stderr).toBe(0);
  repo.commit(`${name} 1.0.1`, workflowFiles({ name, version: '1.0.1', message: 'broken' }));
  r = await flowops(repo, 'publish', '--env', 'local');
  expect(r.code, r.stdout + r.stderr).toBe(0);

  r = await flowops(repo, 'rollback', name, '--to', '1.0.0');
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain(`To fix forward, bump ${name} to 1.0.2 (the next free version`);
  const rollback = repo.git('rev-parse', 'HEAD');

  // the natural next bump, 1.0.1 again, with a fix: already published with other content
  repo.commit('fix forward', workflowFiles({ name, version: '1.0.1', message: 'fixed' }));
  r = await flowops(repo, 'check', '--base', rollback);
  expect(r.code, r.stdout + r.stderr).toBe(1);
  expect(r.stdout).toContain('error FLOW_VERSION_IMMUTABLE');
  expect(r.stdout).toContain('bump to 1.0.2 (the next free version)');
  expect(r.stdout).not.toContain('    at ');
  r = await flowops(repo, 'plan', '--env', 'local');
  expect(r.stdout).toMatch(new RegExp(`${name}\\s+reused`));
  expect(r.stdout).toContain('bump to 1.0.2');

  repo.commit('fix forward to the next free version', workflowFiles({ name, version: '1.0.2', message: 'fixed' }));
  r = await flowops(repo, 'check', '--base', rollback);
  expect(r.code, r.stdout + r.stderr).toBe(0);
});
