/**
 * The real binaries: `flowops worker` serves the environment's system workflows on the
 * deployment's own system queue (`flowops-system.<deploymentName>`) as its version, so
 * `flowops publish` writes through it and starts no in-process system worker of its own.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { terminateTaskQueueWorkflows, testTemporalAddress, waitFor } from '@flowops/testing/vitest';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BIN, type FlowRepo, type WorkerProcess, flowRepo, startWorkerProcess, workflowFiles } from '../gitops/repo';

const run = promisify(execFile);
const taskQueue = `cli-sysq-${randomUUID().slice(0, 8)}`;
const systemQueue = `flowops-system.flowops-${taskQueue}`;
const name = `sysq-${randomUUID().slice(0, 8)}`;
const env = (): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    FLOWOPS_TEMPORAL_ADDRESS: testTemporalAddress(),
    FLOWOPS_TASK_QUEUE: taskQueue,
    FLOWOPS_LOG_LEVEL: 'warn',
    CI: '',
  };
  delete e.FLOWOPS_SYSTEM_TASK_QUEUE;
  return e;
};

let repo: FlowRepo;
let worker: WorkerProcess | undefined;
let connection: Connection;
let client: Client;

beforeAll(async () => {
  connection = await Connection.connect({ address: testTemporalAddress() });
  client = new Client({ connection });
  repo = flowRepo(`sysq-${randomUUID().slice(0, 8)}`);
  repo.commit('a workflow', workflowFiles({ name, version: '1.0.0' }));
  worker = startWorkerProcess(repo.dir, env());
});
afterAll(async () => {
  await worker?.stop();
  if (client) await terminateTaskQueueWorkflows(client, systemQueue).catch(() => undefined);
  await connection?.close();
  repo?.[Symbol.dispose]();
});

describe('flowops worker serves the system workflows on its deployment queue (real binary)', () => {
  test('publish goes through the running worker version; the registry lives on flowops-system.<deployment>', { timeout: 240_000 }, async () => {
    await waitFor('the worker to become current', () => / is current: new runs start here/.test(worker!.stderr()), {
      timeoutMs: 150_000,
      context: () => worker!.stderr(),
    });
    const { stdout } = await run(process.execPath, [BIN, 'publish', '--env', 'local'], { cwd: repo.dir, env: env(), timeout: 150_000 });
    expect(stdout).toContain(name);
    const handle = client.workflow.getHandle(`flowops-registry-${name}`);
    expect((await handle.describe()).taskQueue).toBe(systemQueue);
    const identities = ((await handle.fetchHistory()).events ?? []).flatMap((e) =>
      e.workflowTaskCompletedEventAttributes ? [e.workflowTaskCompletedEventAttributes.identity ?? ''] : [],
    );
    expect(identities.length).toBeGreaterThan(0);
    expect(identities.filter((i) => i.startsWith('flowops-cli-system'))).toEqual([]); // not the CLI's in-process fallback
    const describe = await client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: systemQueue }, taskQueueType: 1 });
    expect(describe.pollers?.some((p) => p.deploymentOptions?.deploymentName === `flowops-${taskQueue}` && !!p.deploymentOptions.buildId)).toBe(true);
  });
});
