/**
 * The in-flight view: a published workflow with two runs still running is changed in git;
 * `flowops plan` (the real binary) shows the two runs per definition version and worker build in
 * pretty, json and markdown, and the PR report built from that plan (sticky comment and check
 * run summary) lists them.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ReportInput, planRows, renderCheckRun, renderReportComment } from '@flowops/github-app';
import { type RunningSystemWorker, getActiveDefinition, startCapabilityHeartbeat, startRun, startSystemWorker } from '@flowops/runtime';
import { testTemporalAddress } from '@flowops/testing/vitest';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BIN, type FlowRepo, flowRepo, workflowFiles } from '../gitops/repo';

const run = promisify(execFile);
const unique = (prefix: string): string => `${prefix}-${Date.now().toString(36)}${process.pid.toString(36)}`;
const taskQueue = unique('inflight-tq');
/** Runs start on a queue no worker polls: they stay in flight for as long as the test needs. */
const idleQueue = unique('inflight-idle');
let connection: Connection;
let client: Client;
let heartbeat: { stop(): Promise<void> } | undefined;
let native: NativeConnection;
let system: RunningSystemWorker | undefined;
let repo: FlowRepo;
const handles: WorkflowHandle[] = [];

async function flowops(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const env = {
    ...process.env,
    FLOWOPS_TEMPORAL_ADDRESS: testTemporalAddress(),
    FLOWOPS_NAMESPACE: 'default',
    FLOWOPS_TASK_QUEUE: taskQueue,
    FLOWOPS_ACTOR: 'inflight-test',
    CI: '',
    NO_COLOR: '1',
  };
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: repo.dir, env, timeout: 150_000 });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : -1, out: x.stdout ?? '', err: x.stderr ?? '' };
  }
}

beforeAll(async () => {
  connection = await Connection.connect({ address: testTemporalAddress() });
  client = new Client({ connection });
  heartbeat = await startCapabilityHeartbeat(client, { taskQueue, identity: 'inflight-it-worker', actions: ['log.write@1'], intervalMs: 5_000 });
  repo = flowRepo(unique('inflight-repo'));
  native = await NativeConnection.connect({ address: testTemporalAddress() });
  system = await startSystemWorker({ connection: native, namespace: 'default', ephemeral: true }); // answers getActiveDefinition
});
afterAll(async () => {
  for (const h of handles) await h.terminate('test done').catch(() => undefined);
  await heartbeat?.stop();
  await system?.stop();
  await native?.close();
  await connection?.close();
  repo?.[Symbol.dispose]();
});

describe('runs in flight in plan and the PR report', () => {
  test('a changed workflow with two runs in flight lists them', { timeout: 300_000 }, async () => {
    const name = unique('inflight-flow');
    repo.commit('v1', workflowFiles({ name, version: '1.0.0' }));
    const published = await flowops('publish', '--env', 'local');
    expect(published.code, published.err).toBe(0);

    const active = await getActiveDefinition(client, name);
    if (!active.ok) throw new Error(active.issues[0]?.message);
    for (let i = 0; i < 2; i++) {
      const started = await startRun({ client, ir: active.value.ir, input: {}, taskQueue: idleQueue });
      handles.push(client.workflow.getHandle(started.workflowId));
    }
    repo.commit('v1.1', workflowFiles({ name, version: '1.1.0', message: 'changed' }));

    // Visibility is eventually consistent: wait until the plan sees both runs.
    let plan: any;
    for (let i = 0; i < 30; i++) {
      const json = await flowops('plan', '--env', 'local', '--format', 'json');
      expect(json.code, json.err).toBe(0);
      plan = JSON.parse(json.out);
      if (plan.entries.find((e: { name: string }) => e.name === name)?.inFlight?.total === 2) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const entry = plan.entries.find((e: { name: string }) => e.name === name);
    expect(entry).toMatchObject({ status: 'changed', inFlight: { total: 2, groups: [{ definitionVersion: '1.0.0', workerBuild: 'unversioned', count: 2 }] } });

    const pretty = await flowops('plan', '--env', 'local');
    expect(pretty.out).toMatch(/2 run\(s\) in flight, oldest started \d{4}-/);
    expect(pretty.out).toMatch(/2 on 1\.0\.0 \/ worker unversioned since/);
    const markdown = await flowops('plan', '--env', 'local', '--format', 'markdown');
    expect(markdown.out).toContain('2 run(s) in flight');

    const input = ReportInput.parse({
      repo: { owner: 'acme', repo: 'flows' },
      pr: 7,
      headSha: 'abcdef1234567',
      environment: 'staging',
      plans: [planRows(plan)],
    });
    for (const text of [renderReportComment(input), renderCheckRun(input).summary]) {
      expect(text).toContain('### Runs in flight');
      expect(text).toMatch(new RegExp(`\\| local \\| ${name} \\| 1\\.0\\.0 \\| unversioned \\| 2 \\| \\d{4}-`));
    }
  });
});
