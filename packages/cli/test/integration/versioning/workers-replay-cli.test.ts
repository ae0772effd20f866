/**
 * The real `flowops` binary against the test dev server: `flowops worker` runs as a version of the
 * environment's deployment and makes itself current on a fresh deployment; `flowops workers`
 * shows it with its pollers; `promote` refuses an unknown version; `flowops replay` replays the
 * runs it served (all pass) and fails with exit 1 against the incompatible fixture interpreter.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Workflow } from '@flowops/core';
import { startRun, waitForResult } from '@flowops/runtime';
import { testTemporalAddress, waitFor } from '@flowops/testing/vitest';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BIN, type WorkerProcess, startWorkerProcess } from '../gitops/repo';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../../../../runtime/test/replay/fixtures/incompatible-interpreter.ts', import.meta.url));
const taskQueue = `cli-versioned-${randomUUID().slice(0, 8)}`;
const flowName = `versioned-${randomUUID().slice(0, 8)}`;
const env = () => ({ ...process.env, FLOWOPS_TEMPORAL_ADDRESS: testTemporalAddress(), FLOWOPS_TASK_QUEUE: taskQueue, FLOWOPS_LOG_LEVEL: 'warn' });

async function flowops(args: string[], extra: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...env(), ...extra }, timeout: 150_000 });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : -1, out: x.stdout ?? '', err: x.stderr ?? '' };
  }
}

let worker: WorkerProcess | undefined;
let connection: Connection;
let client: Client;

beforeAll(async () => {
  connection = await Connection.connect({ address: testTemporalAddress() });
  client = new Client({ connection });
  worker = startWorkerProcess(ROOT, env());
});
afterAll(async () => {
  await worker?.stop();
  await connection?.close();
});

describe('flowops worker / workers / replay (real binary)', () => {
  test('a worker becomes the current version of a fresh deployment; workers shows it; replay passes, and fails on an incompatible interpreter', {
    timeout: 300_000,
  }, async () => {
    const [, buildId] = await waitFor('the worker to become current', () => /version (\S+) is current/.exec(worker!.stderr()), {
      timeoutMs: 150_000,
      context: () => worker!.stderr(),
    });
    expect(buildId).toMatch(/^\d+\.\d+\.\d+[-\w]*-[0-9a-f]{12}$/);

    const shown = await flowops(['workers', '--env', 'local', '--format', 'json']);
    expect(shown.code, shown.err).toBe(0);
    const view = JSON.parse(shown.out);
    expect(view).toMatchObject({ deploymentName: `flowops-${taskQueue}`, current: buildId });
    expect(view.versions.find((v: { buildId: string }) => v.buildId === buildId).pollers.length).toBeGreaterThan(0);

    const unknown = await flowops(['workers', 'promote', 'no-such-build', '--env', 'local']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('FLOW_UNKNOWN_WORKER_VERSION');

    const ir = Workflow.parse({
      apiVersion: 'flowops/v1',
      kind: 'Workflow',
      name: flowName,
      version: '1.0.0',
      owner: '@acme/test',
      input: { type: 'object' },
      steps: [{ id: 'hello', type: 'action', uses: 'log.write@1', effect: 'read', with: { level: 'info', message: 'hi' } }],
    });
    for (let i = 0; i < 3; i++) {
      const started = await startRun({ client, ir, input: {}, taskQueue });
      expect((await waitForResult(client, started.workflowId)).status).toBe('succeeded');
      const desc = await client.workflow.getHandle(started.workflowId).describe();
      expect(desc.searchAttributes.TemporalWorkerDeploymentVersion).toEqual([`flowops-${taskQueue}:${buildId}`]);
    }

    const ok = await flowops(['replay', '--env', 'local', '--workflow', flowName, '--since', '1h', '--format', 'json']);
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ replayed: 3, failures: 0, workflows: [{ workflow: flowName, replayed: 3, failures: 0 }] });

    const bad = await flowops(['replay', '--env', 'local', '--workflow', flowName, '--since', '1h'], { FLOWOPS_REPLAY_WORKFLOWS_PATH: FIXTURE });
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(new RegExp(`${flowName}\\s+3\\s+3\\s+\\S+: Nondeterminism error`));
  });
});
