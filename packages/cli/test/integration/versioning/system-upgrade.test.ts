/**
 * The system workflows across an upgrade, on the real dev server: a registry served by system
 * worker version A keeps working when B becomes current and A's workers stop (writes go to B,
 * nothing stays on A, no workflow task fails); two deployments in one namespace each get their
 * registries on their own system queue; a registry of an earlier release on the shared
 * `flowops-system` queue moves to the deployment's queue at its next write and still plans.
 */
import { randomUUID } from 'node:crypto';
import { type GitopsSession, buildPlan, openSession, systemTaskQueueOf } from '@flowops/gitops';
import {
  Registry,
  type RunningSystemWorker,
  SYSTEM_TASK_QUEUE,
  adoptVersionIfNone,
  deploymentNameFor,
  promoteVersion,
  startSystemWorker,
} from '@flowops/runtime';
import { terminateTaskQueueWorkflows, testTemporalAddress } from '@flowops/testing/vitest';
import type { Client } from '@temporalio/client';
import { fileURLToPath } from 'node:url';
import { NativeConnection, bundleWorkflowCode } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { environment, git, ir, unique } from '../gitops/helpers';

const EARLIER_RELEASE = fileURLToPath(new URL('../../../../runtime/test/replay/fixtures/earlier-release-system.ts', import.meta.url));
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
let native: NativeConnection;
const sessions: GitopsSession[] = [];
const workers: RunningSystemWorker[] = [];
const savedQueue = process.env.FLOWOPS_SYSTEM_TASK_QUEUE;
const savedTimeout = process.env.FLOWOPS_REGISTRY_TIMEOUT_MS;

beforeAll(async () => {
  delete process.env.FLOWOPS_SYSTEM_TASK_QUEUE; // the per-deployment default is what is tested
  process.env.FLOWOPS_REGISTRY_TIMEOUT_MS = '20000'; // a stranded write fails the test in 20 s, not 60
  native = await NativeConnection.connect({ address: testTemporalAddress() });
});
afterAll(async () => {
  // Registries on queues routed to versions that are gone would wait forever for the next publish
  // that touches them (other tests' plans deactivate every registry of the namespace they do not have).
  const client = sessions[0]?.client;
  if (client) for (const s of sessions) await terminateTaskQueueWorkflows(client, s.systemTaskQueue).catch(() => undefined);
  for (const s of sessions) await s.close().catch(() => undefined);
  for (const w of workers) await w.stop().catch(() => undefined);
  await native?.close();
  if (savedQueue === undefined) delete process.env.FLOWOPS_SYSTEM_TASK_QUEUE;
  else process.env.FLOWOPS_SYSTEM_TASK_QUEUE = savedQueue;
  if (savedTimeout === undefined) delete process.env.FLOWOPS_REGISTRY_TIMEOUT_MS;
  else process.env.FLOWOPS_REGISTRY_TIMEOUT_MS = savedTimeout;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function open(taskQueue: string, pollerWindowMs?: number): Promise<GitopsSession> {
  const s = await openSession(environment('default', taskQueue), pollerWindowMs ? { pollerWindowMs } : {});
  sessions.push(s);
  return s;
}

async function systemWorker(taskQueue: string, identity: string, version?: { deploymentName: string; buildId: string }): Promise<RunningSystemWorker> {
  const w = await startSystemWorker({
    connection: native,
    namespace: 'default',
    taskQueue,
    identity,
    ephemeral: true,
    ...(version ? { versioning: version } : {}),
  });
  workers.push(w);
  return w;
}

async function publish(s: GitopsSession, name: string, version: string) {
  await s.ensureSystemWorker();
  const w = ir(name, version);
  const result = await s.registry.publish({ version, hash: git(w)[0]!.hash, ir: w, meta: { actor: 'alice', source: 'cli' } });
  expect(result.ok, JSON.stringify(result)).toBe(true);
}

/** Identities of the workers that completed the registry's workflow tasks (current run), and its failed tasks. */
async function served(client: Client, name: string) {
  const handle = client.workflow.getHandle(`flowops-registry-${name}`);
  const events = (await handle.fetchHistory()).events ?? [];
  const d = await handle.describe();
  return {
    taskQueue: d.taskQueue,
    identities: events.flatMap((e) => (e.workflowTaskCompletedEventAttributes ? [e.workflowTaskCompletedEventAttributes.identity] : [])),
    failedTasks: events.filter((e) => e.workflowTaskFailedEventAttributes).length,
    behavior: d.raw.workflowExecutionInfo?.versioningInfo?.behavior,
  };
}

describe('system workflows across a worker upgrade', () => {
  test('A → B current, A stopped: the next write is served by B, nothing stays on A, no task fails', { timeout: 120_000 }, async () => {
    const taskQueue = `sysup-${randomUUID()}`;
    const deploymentName = deploymentNameFor(taskQueue);
    const first = await open(taskQueue);
    const queue = first.systemTaskQueue;
    expect(queue).toBe(`flowops-system.${deploymentName}`);
    const a = await systemWorker(queue, 'system-a', { deploymentName, buildId: 'a' });
    expect(await adoptVersionIfNone(first.client, { deploymentName, buildId: 'a' })).toBe('current');
    const name = unique('sysup');
    await publish(first, name, '1.0.0');
    expect(first.startedSystemWorker()).toBe(false); // version A's worker served it
    expect((await served(first.client, name)).identities).toContain('system-a');

    await systemWorker(queue, 'system-b', { deploymentName, buildId: 'b' });
    for (let i = 0; ; i++) {
      try {
        await promoteVersion(first.client, { deploymentName, taskQueue: queue, buildId: 'b' });
        break;
      } catch (err) {
        if (i > 60) throw err; // B's pollers are not registered yet
        await sleep(500);
      }
    }
    await a.stop(); // A is retired right away: the system workflows do not pin it

    const second = await open(taskQueue);
    await publish(second, name, '1.1.0');
    expect(second.startedSystemWorker()).toBe(false);
    const after = await served(second.client, name);
    expect(after.identities.at(-1)).toBe('system-b');
    expect(after.failedTasks).toBe(0);
    expect(String(after.behavior)).toMatch(/AUTO_UPGRADE|^2$/);
    const { count } = await second.client.workflow.count(`TemporalWorkerDeploymentVersion = "${deploymentName}:a" AND ExecutionStatus = "Running"`);
    expect(count).toBe(0);
    expect((await second.registry.summary(name))?.versions.map((v) => v.version)).toEqual(['1.0.0', '1.1.0']);
  });

  test('two deployments in one namespace: each registry runs on, and is served from, its own system queue', { timeout: 120_000 }, async () => {
    const [tq1, tq2] = [`sysiso1-${randomUUID()}`, `sysiso2-${randomUUID()}`];
    const [s1, s2] = [await open(tq1), await open(tq2)];
    expect(s1.systemTaskQueue).not.toBe(s2.systemTaskQueue);
    const d1 = deploymentNameFor(tq1);
    const d2 = deploymentNameFor(tq2);
    await systemWorker(s1.systemTaskQueue, 'system-one', { deploymentName: d1, buildId: 'one' });
    await systemWorker(s2.systemTaskQueue, 'system-two', { deploymentName: d2, buildId: 'two' });
    expect(await adoptVersionIfNone(s1.client, { deploymentName: d1, buildId: 'one' })).toBe('current');
    expect(await adoptVersionIfNone(s2.client, { deploymentName: d2, buildId: 'two' })).toBe('current');
    const [x, y] = [unique('sysiso-x'), unique('sysiso-y')];
    await publish(s1, x, '1.0.0');
    await publish(s2, y, '1.0.0');
    await publish(s1, x, '1.0.1');
    await publish(s2, y, '1.0.1');
    const [sx, sy] = [await served(s1.client, x), await served(s2.client, y)];
    expect(sx).toMatchObject({ taskQueue: s1.systemTaskQueue, failedTasks: 0 });
    expect(sy).toMatchObject({ taskQueue: s2.systemTaskQueue, failedTasks: 0 });
    expect(new Set(sx.identities)).toEqual(new Set(['system-one']));
    expect(new Set(sy.identities)).toEqual(new Set(['system-two']));
  });

  test('a registry on the shared flowops-system queue of an earlier release moves to the deployment queue at its next write', {
    timeout: 120_000,
  }, async () => {
    const taskQueue = `sysmove-${randomUUID()}`;
    const name = unique('sysmove');
    // An earlier release: the registry lives on the shared queue, served by an unversioned worker.
    const legacy = await systemWorker(SYSTEM_TASK_QUEUE, 'system-legacy');
    const s = await open(taskQueue);
    const old = new Registry(s.client); // default queue: the shared one
    const w = ir(name, '1.0.0');
    expect((await old.publish({ version: '1.0.0', hash: git(w)[0]!.hash, ir: w, meta: { actor: 'alice', source: 'cli' } })).ok).toBe(true);
    expect((await served(s.client, name)).taskQueue).toBe(SYSTEM_TASK_QUEUE);
    await legacy.stop(); // no deployed worker left: the command's own system worker moves it

    await publish(s, name, '1.1.0');
    expect(s.startedSystemWorker()).toBe(true);
    const moved = await served(s.client, name);
    expect(moved.taskQueue).toBe(systemTaskQueueOf(s.env));
    expect(moved.failedTasks).toBe(0);
    expect((await s.registry.summary(name))?.versions.map((v) => v.version)).toEqual(['1.0.0', '1.1.0']);
    const plan = await buildPlan(s, git(ir(name, '1.1.0')), {});
    expect(plan.entries.find((e) => e.name === name)).toMatchObject({ status: 'unchanged', cluster: { versions: ['1.0.0', '1.1.0'] } });
    await terminateTaskQueueWorkflows(s.client, s.systemTaskQueue);
    sessions.splice(sessions.indexOf(s), 1);
    await s.close(); // its in-process worker on the shared queue stops with it
  });

  test('a write whose system queue belongs to a version with no running worker fails fast, naming flowops worker', { timeout: 60_000 }, async () => {
    const taskQueue = `sysgone-${randomUUID()}`;
    const deploymentName = deploymentNameFor(taskQueue);
    const first = await open(taskQueue);
    const gone = await systemWorker(first.systemTaskQueue, 'system-gone', { deploymentName, buildId: 'gone' });
    expect(await adoptVersionIfNone(first.client, { deploymentName, buildId: 'gone' })).toBe('current');
    await publish(first, unique('sysgone'), '1.0.0');
    await gone.stop();
    await sleep(2500);
    const later = await open(taskQueue, 2000); // its last poll is older than the window: gone
    const started = Date.now();
    const error = await later.ensureSystemWorker().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String(error)).toMatch(
      /no worker serves the system task queue .*routed to worker version .*:gone.*flowops worker --env default.*\[FLOW_NO_SYSTEM_WORKER\]/s,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(later.startedSystemWorker()).toBe(false);
  });

  test('a worker of an earlier release on the shared queue refuses the move: the write goes where the registry is, no trace in its history', {
    timeout: 90_000,
  }, async () => {
    const name = unique('sysold');
    const earlier = await bundleWorkflowCode({ workflowsPath: EARLIER_RELEASE, logger: quiet });
    const { Worker } = await import('@temporalio/worker');
    const old = await Worker.create({
      connection: native,
      taskQueue: SYSTEM_TASK_QUEUE,
      workflowBundle: earlier,
      identity: 'system-earlier',
      maxCachedWorkflows: 0,
    });
    const running = old.run();
    try {
      const s = await open(`sysold-${randomUUID()}`);
      const w1 = ir(name, '1.0.0');
      expect((await new Registry(s.client).publish({ version: '1.0.0', hash: git(w1)[0]!.hash, ir: w1, meta: { actor: 'alice', source: 'cli' } })).ok).toBe(
        true,
      );
      await systemWorker(s.systemTaskQueue, 'system-new'); // this release, on the deployment queue only
      const started = Date.now();
      const w2 = ir(name, '1.1.0');
      const result = await new Registry(s.client, { systemTaskQueue: s.systemTaskQueue }).publish({
        version: '1.1.0',
        hash: git(w2)[0]!.hash,
        ir: w2,
        meta: { actor: 'alice', source: 'cli' },
      });
      expect(result.ok, JSON.stringify(result)).toBe(true);
      expect(Date.now() - started).toBeLessThan(10_000); // refused at once, not waited out
      const after = await served(s.client, name);
      expect(after.failedTasks).toBe(0);
      // Alone on the shared queue, the earlier release refused the move and served the write. (In a
      // full run another test's worker of this release may poll the shared queue and take the move.)
      if (after.taskQueue === SYSTEM_TASK_QUEUE) {
        expect(after.identities.at(-1)).toBe('system-earlier');
        const events = (await s.client.workflow.getHandle(`flowops-registry-${name}`).fetchHistory()).events ?? [];
        expect(JSON.stringify(events)).not.toContain('flowopsMove');
      }
      expect((await s.registry.summary(name))?.versions.map((v) => v.version)).toEqual(['1.0.0', '1.1.0']);
      await s.client.workflow.getHandle(`flowops-registry-${name}`).terminate('test done');
    } finally {
      old.shutdown();
      await running;
    }
  });
});
