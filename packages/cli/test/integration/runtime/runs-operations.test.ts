/**
 * `flowops runs …` and `flowops stats` through the real binary, with the real `flowops worker`
 * (metrics on), in a fresh repository: 20 runs fail against a 127.0.0.1 server (which echoes the
 * secret it receives), `runs list`/`show` find them and name the failing step without the secret;
 * `runs redrive --dry-run` starts nothing, the server is fixed, `runs redrive` re-runs the 20
 * (linked, in batches) and they succeed, a second redrive finds nothing; `runs retry` links;
 * `stats` counts the known runs; `runs cancel`, `runs delete --before`, `runs retention`; and the
 * worker's /metrics after these runs holds every series the shipped dashboard and alerts use.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Workflow } from '@flowops/core';
import { startRun } from '@flowops/runtime';
import { leakedEncodings, testTemporalAddress } from '@flowops/testing/vitest';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { opsExpressions, seriesNames } from '../../../../runtime/src/metrics/ops-files';
import { unique } from '../gitops/helpers';
import { type Listed, waiterYaml, workflowYaml } from './runs-fixture';
import { BIN, type FlowRepo, MONOREPO, flowRepo } from '../gitops/repo';

const SECRET = 'Sk-Runs/9pQ+x2ZbW7?eT';
const taskQueue = unique('runs-ops-tq');
const name = unique('runs-ops');
const waiter = unique('runs-wait');

let server: Server;
let healthy = false;
let requests = 0;
let base = '';
let worker: ChildProcess;
let workerOut = '';
let metricsUrl = '';
let repo: FlowRepo;

const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  FLOWOPS_TEMPORAL_ADDRESS: testTemporalAddress(),
  FLOWOPS_NAMESPACE: 'default',
  FLOWOPS_TASK_QUEUE: taskQueue,
  FLOWOPS_ACTOR: 'runs-test',
  CI: '',
  NO_COLOR: '1',
});

function flowops(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: repo.dir, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function json<T>(...args: string[]): Promise<T> {
  const r = await flowops(...args, '--json');
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

/** Poll `runs list` until `check` holds (bounded). */
async function listUntil(args: string[], check: (runs: Listed[]) => boolean, what: string): Promise<Listed[]> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const runs = await json<Listed[]>('runs', 'list', '--env', 'local', ...args);
    if (check(runs)) return runs;
    if (Date.now() > deadline) throw new Error(`${what}: ${JSON.stringify(runs.map((r) => r.status))}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

beforeAll(async () => {
  // fails (500, echoing the credential it got) until `healthy`
  server = createServer((req, res) => {
    requests++;
    if (!healthy) res.writeHead(500, { 'content-type': 'text/plain' }).end(`upstream down; you sent ${req.headers.authorization}`);
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  repo = flowRepo(unique('runs-ops-repo'));
  repo.commit('workflows', {
    'flowops.config.ts': `import { defineConfig } from '@flowops/sdk';\nexport default defineConfig({ environments: { local: { retention: '3d' } } });\n`,
    'package.json': '{ "private": true, "type": "module" }\n',
    [`workflows/${name}/package.json`]: `${JSON.stringify({ name: `@workflows/${name}`, version: '1.2.0', private: true })}\n`,
    [`workflows/${name}/workflow.yaml`]: `${workflowYaml(name, base)}\n`,
    [`workflows/${waiter}/package.json`]: `${JSON.stringify({ name: `@workflows/${waiter}`, version: '1.0.0', private: true })}\n`,
    [`workflows/${waiter}/workflow.yaml`]: `${waiterYaml(waiter)}\n`,
  });
  worker = spawn(process.execPath, [BIN, 'worker', '--env', 'local', '--unversioned', '--metrics-port', '0'], {
    cwd: repo.dir,
    env: { ...env(), FLOWOPS_SECRET_API_TOKEN: SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker.stdout?.on('data', (d) => (workerOut += d));
  worker.stderr?.on('data', (d) => (workerOut += d));
  const deadline = Date.now() + 90_000;
  while (!workerOut.includes('flowops worker started')) {
    if (Date.now() > deadline || worker.exitCode !== null) throw new Error(`worker did not start: ${workerOut}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  metricsUrl = /"metrics":"(http:\/\/[^"]+)"/.exec(workerOut)?.[1] ?? '';
}, 150_000);

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
  }
  server?.close();
  repo?.[Symbol.dispose]();
});

describe.sequential('runs operations', () => {
  let first = '';
  let failed: Listed[] = [];

  test('20 runs fail against the server; runs list and runs show find them, the failing step first, no secret', { timeout: 240_000 }, async () => {
    const one = await flowops('run', name, '--env', 'local', 'n=0', '--wait', '--json');
    expect(one.code, one.stderr).toBe(1);
    first = (JSON.parse(one.stdout) as { workflowId: string }).workflowId;
    // the other 19 with the same definition, started by a client (19 CLI processes at once would only load the machine)
    const connection = await Connection.connect({ address: testTemporalAddress() });
    try {
      const client = new Client({ connection, namespace: 'default' });
      const history = await client.workflow.getHandle(first).fetchHistory();
      const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
      const args = client.options.loadedDataConverter.payloadConverter.fromPayload(payload!) as { ir: Workflow; env: Record<string, string> };
      for (let i = 1; i < 20; i++) await startRun({ client, ir: args.ir, input: { n: i }, env: args.env, taskQueue });
    } finally {
      await connection.close();
    }
    failed = await listUntil(['--workflow', name, '--status', 'failed'], (r) => r.length === 20, '20 failed runs');
    expect(failed.map((r) => r.workflowId)).toContain(first);

    const shown = await flowops('runs', 'show', first, '--env', 'local');
    expect(shown.code).toBe(1);
    expect(shown.stdout).toContain('first failing step: fetch');
    expect(shown.stdout).toMatch(/^> fetch\s+action\s+failed\s+attempt 2/m);
    expect(shown.stdout).toMatch(/^ {2}prepare\s+action\s+succeeded/m);
    expect(shown.stdout).toContain('error:');
    expect(shown.stdout).toContain('[REDACTED]'); // the echoed credential was there, and is gone
    expect(leakedEncodings(shown.stdout + shown.stderr, SECRET)).toEqual([]);

    const r = await flowops('runs', 'show', first, '--env', 'local', '--format', 'json');
    const detail = JSON.parse(r.stdout);
    expect(detail).toMatchObject({ workflowId: first, workflow: name, version: '1.2.0', status: 'failed', firstFailingStep: 'fetch' });
    expect(detail.steps.map((s: { step: string; status: string }) => `${s.step}:${s.status}`)).toEqual(['prepare:succeeded', 'fetch:failed']);
    expect(detail.steps[1]).toMatchObject({ attempt: 2, error: { code: expect.stringMatching(/^FLOW_/) } });
    expect(typeof detail.steps[1].durationMs).toBe('number');
    expect(leakedEncodings(r.stdout, SECRET)).toEqual([]);

    const bad = await flowops('runs', 'show', 'flowops-nope-00000000-x', '--env', 'local');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('[FLOW_RUN_NOT_FOUND]');
  });

  test('runs redrive --dry-run starts nothing; fixed server, redrive re-runs all 20 linked; a second finds nothing', { timeout: 240_000 }, async () => {
    const before = requests;
    const dry = await json<{ dryRun: boolean; selected: Listed[]; started: unknown[] }>(
      'runs',
      'redrive',
      '--workflow',
      name,
      '--since',
      '1h',
      '--dry-run',
      '--env',
      'local',
    );
    expect(dry.selected).toHaveLength(20);
    expect(dry.started).toEqual([]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(requests).toBe(before);
    expect(await json<Listed[]>('runs', 'list', '--workflow', name, '--env', 'local')).toHaveLength(20);

    healthy = true;
    const done = await json<{ started: { retryOf: string; workflowId: string }[]; batches: number; errors: unknown[] }>(
      'runs',
      'redrive',
      '--workflow',
      name,
      '--since',
      '1h',
      '--batch',
      '6',
      '--env',
      'local',
    );
    expect(done.errors).toEqual([]);
    expect(done.started).toHaveLength(20);
    expect(done.batches).toBe(4);
    expect(new Set(done.started.map((s) => s.retryOf))).toEqual(new Set(failed.map((f) => f.workflowId)));
    const succeeded = await listUntil(['--workflow', name, '--status', 'succeeded'], (r) => r.length === 20, '20 redriven runs succeed');
    expect(new Set(succeeded.map((s) => s.retryOf))).toEqual(new Set(failed.map((f) => f.workflowId)));

    const again = await flowops('runs', 'redrive', '--workflow', name, '--since', '1h', '--env', 'local');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('[FLOW_REDRIVE_NO_MATCH]');
    expect(again.stdout).toBe('');
  });

  test('runs retry starts the same input and version, linked; stats counts the known runs', { timeout: 180_000 }, async () => {
    const retried = await json<{ workflowId: string; retryOf: string }>('runs', 'retry', first, '--env', 'local');
    expect(retried.retryOf).toBe(first);
    await listUntil(['--workflow', name, '--status', 'succeeded'], (r) => r.length === 21, 'the retry succeeds');
    const shown = await json<{ retryOf: string; version: string; output: unknown; status: string }>('runs', 'show', retried.workflowId, '--env', 'local');
    expect(shown).toMatchObject({ retryOf: first, version: '1.2.0', status: 'succeeded', output: { n: 0 } });

    const all = await json<Listed[]>('runs', 'list', '--workflow', name, '--env', 'local');
    const stats = await json<Record<string, number | boolean>>('stats', name, '--since', '1h', '--env', 'local');
    const durations = all.map((r) => r.durationMs ?? 0).sort((a, b) => a - b);
    expect(stats).toMatchObject({ runs: 41, closed: 41, succeeded: 21, failed: 20, truncated: false });
    expect(stats.successRate).toBeCloseTo(21 / 41, 6);
    expect(stats.retryRate).toBeCloseTo(21 / 41, 6);
    expect(stats.p50DurationMs).toBe(durations[Math.ceil(0.5 * 41) - 1]);
    expect(stats.p95DurationMs).toBe(durations[Math.ceil(0.95 * 41) - 1]);
    const pretty = await flowops('stats', name, '--since', '1h', '--env', 'local');
    expect(pretty.stdout).toContain('success rate  51.2%');
  });

  test('the worker /metrics holds every series the dashboard and alerts use; runs cancel ends a waiting run', { timeout: 180_000 }, async () => {
    const started = await json<{ workflowId: string }>('run', waiter, '--env', 'local');
    let body = '';
    const deadline = Date.now() + 60_000;
    const waiting = new RegExp(`^flowops_approvals_waiting\\{[^}]*workflow="${waiter}"[^}]*\\} 1$`, 'm');
    while (!waiting.test(body)) {
      if (Date.now() > deadline) throw new Error(`no approval waiting in ${body.slice(0, 2000)}`);
      await new Promise((r) => setTimeout(r, 500));
      body = await (await fetch(`${metricsUrl}/metrics`)).text();
    }
    const dashboard = JSON.parse(readFileSync(join(MONOREPO, 'ops/grafana/flowops.json'), 'utf8'));
    const rules = parseYaml(readFileSync(join(MONOREPO, 'ops/prometheus/alerts.yml'), 'utf8'));
    const names = seriesNames(opsExpressions(dashboard, rules));
    const present = new Set([...body.matchAll(/^(flowops_[a-z0-9_]+)\{/gm)].map((m) => m[1]));
    expect(names.filter((n) => !present.has(n))).toEqual([]);
    const line = (metric: string, labels: string) => body.split('\n').find((l) => l.startsWith(`${metric}{`) && l.includes(labels));
    expect(line('flowops_runs_started_total', `workflow="${name}",version="1.2.0"`)).toMatch(/ 41$/);
    expect(line('flowops_runs_completed_total', `workflow="${name}",version="1.2.0",status="failed"`)).toMatch(/ 20$/);
    expect(line('flowops_runs_completed_total', `workflow="${name}",version="1.2.0",status="succeeded"`)).toMatch(/ 21$/);
    const value = (metric: string, labels: string) => Number(line(metric, labels)?.split(' ').pop());
    const http = `workflow="${name}",version="1.2.0",plugin="http",action="get"`;
    const log = `workflow="${name}",version="1.2.0",plugin="log",action="write"`;
    // every fetch attempt reached the server once: the worker counted each, and each after a run's first as a retry
    // (20 failed runs retried once with maxAttempts 2; a loaded machine may add or lose one)
    const stepLines = body
      .split('\n')
      .filter((l) => l.startsWith('flowops_step_') && l.includes(name))
      .join('\n');
    expect(value('flowops_step_attempts_total', http), stepLines).toBe(requests);
    expect(value('flowops_step_retries_total', http), stepLines).toBe(requests - 41);
    expect(requests - 41).toBeGreaterThanOrEqual(19);
    const attempts = value('flowops_step_attempts_total', http) + value('flowops_step_attempts_total', log);
    expect(value('flowops_step_queue_seconds_count', `workflow="${name}",version="1.2.0"`)).toBe(attempts);
    expect(line('flowops_run_duration_seconds_count', `workflow="${name}",version="1.2.0",status="failed"`)).toMatch(/ 20$/);

    const cancel = await json<{ cancelRequested: boolean }>('runs', 'cancel', started.workflowId, '--env', 'local');
    expect(cancel.cancelRequested).toBe(true);
    // the interpreter stops at the cancellation, compensates and ends the run
    const ended = await listUntil(['--workflow', waiter], (r) => r.length === 1 && r[0]!.status !== 'running', 'the waiting run ends');
    expect(['failed', 'cancelled']).toContain(ended[0]!.status);
    const again = await flowops('runs', 'cancel', started.workflowId, '--env', 'local');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is not running');
    expect(again.stderr).toContain('[FLOW_RUN_NOT_RUNNING]');
    const after = await (await fetch(`${metricsUrl}/metrics`)).text();
    expect(after).not.toMatch(new RegExp(`flowops_approvals_waiting\\{[^}]*workflow="${waiter}"[^}]*\\} [1-9]`));
  });

  test('runs delete --before deletes closed runs only, bounded, --dry-run deletes nothing', { timeout: 180_000 }, async () => {
    const before = new Date(Date.now() + 60_000).toISOString();
    const dry = await json<{ selected: Listed[]; deleted: string[] }>('runs', 'delete', '--before', before, '--workflow', name, '--dry-run', '--env', 'local');
    expect(dry.selected).toHaveLength(41);
    expect(dry.deleted).toEqual([]);
    const gone = await json<{ deleted: string[] }>('runs', 'delete', '--before', before, '--workflow', name, '--limit', '5', '--env', 'local');
    expect(gone.deleted).toHaveLength(5);
    await listUntil(['--workflow', name, '--limit', '1000'], (r) => r.length === 36, '5 runs deleted');
    const old = await json<{ selected: Listed[] }>('runs', 'delete', '--before', '2020-01-01', '--workflow', name, '--dry-run', '--env', 'local');
    expect(old.selected).toEqual([]);
    const bad = await flowops('runs', 'delete', '--before', 'yesterday', '--env', 'local');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('[FLOW_USAGE]');
  });

  test('runs retention shows the namespace retention and applies the configured one', { timeout: 120_000 }, async () => {
    const now = await json<{ retention: string; configured: string }>('runs', 'retention', '--env', 'local');
    expect(now.configured).toBe('3d');
    const applied = await json<{ retention: string; applied: boolean }>('runs', 'retention', '--apply', '--env', 'local');
    expect(applied).toMatchObject({ retention: '3d', applied: true });
    // put the shared dev server back as it was
    repo.write({
      'flowops.config.ts': `import { defineConfig } from '@flowops/sdk';\nexport default defineConfig({ environments: { local: { retention: '${now.retention}' } } });\n`,
    });
    expect(await json<{ retention: string }>('runs', 'retention', '--apply', '--env', 'local')).toMatchObject({ retention: now.retention });
  });
});
