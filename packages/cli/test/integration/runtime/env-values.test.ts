/**
 * `env('NAME')` values per environment, through the real `flowops` binary: the deploy-service
 * workflow's fixture dry-run takes DEPLOY_API from flowops.config.ts (a string, or fromEnv) and
 * reaches a 127.0.0.1 server; an environment without it refuses the run before it starts
 * (FLOW_ENV_VALUE_MISSING naming the name); the run's input carries only the env values and
 * `call` targets it uses (keyed once), and a start over the payload limit is FLOW_RUN_TOO_LARGE.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { testTemporalAddress } from '@flowops/testing/vitest';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { unique } from '../gitops/helpers';
import { BIN, type FlowRepo, MONOREPO, flowRepo } from '../gitops/repo';

const taskQueue = unique('env-values-tq');
const requests: { method: string; url: string; auth: string }[] = [];
let server: Server;
let base = '';
let worker: ChildProcess;
let workerOut = '';
let connection: Connection;

const vars = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  FLOWOPS_TEMPORAL_ADDRESS: testTemporalAddress(),
  FLOWOPS_NAMESPACE: 'default',
  FLOWOPS_TASK_QUEUE: taskQueue,
  TEST_CHILD_API: '',
  CI: '',
  NO_COLOR: '1',
  ...extra,
});

function flowops(repo: FlowRepo, args: string[], extra: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: repo.dir, env: vars(extra), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const CALLER = (name: string) =>
  [`name: ${name}`, 'owner: "@acme/platform"', 'defaults:', '  timeout: 30s', 'steps:', '  - id: child', '    type: call', '    workflow: env-child'].join(
    '\n',
  );
const CHILD = [
  'name: env-child',
  'owner: "@acme/platform"',
  'defaults:',
  '  timeout: 30s',
  'steps:',
  '  - id: ping',
  '    uses: http.get@1',
  '    with:',
  '      url: "{{ env.CHILD_API }}/child"',
].join('\n');
const pkg = (name: string) => `${JSON.stringify({ name: `@workflows/${name}`, version: '1.0.0', private: true })}\n`;

/** A repository with deploy-service (copied from this monorepo) and a config giving env values per environment. */
function repoWith(localEnv: string): FlowRepo {
  const repo = flowRepo(unique('env-values'));
  cpSync(join(MONOREPO, 'workflows/deploy-service'), join(repo.dir, 'workflows/deploy-service'), { recursive: true });
  repo.commit('init', {
    'package.json': '{ "private": true, "type": "module" }\n',
    'flowops.config.ts': [
      "import { defineConfig, fromEnv } from '@flowops/sdk';",
      'export default defineConfig({ environments: {',
      `  local: { env: ${localEnv} },`,
      "  staging: { address: fromEnv('FLOWOPS_TEST_TEMPORAL_ADDRESS'), namespace: 'default', env: { OTHER_API: 'https://other' } },",
      '} });',
      '',
    ].join('\n'),
    'workflows/env-child/package.json': pkg('env-child'),
    'workflows/env-child/workflow.yaml': `${CHILD}\n`,
    'workflows/env-caller/package.json': pkg('env-caller'),
    'workflows/env-caller/workflow.yaml': `${CALLER('env-caller')}\n`,
  });
  return repo;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', auth: String(req.headers.authorization ?? '') });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'healthy' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  connection = await Connection.connect({ address: testTemporalAddress() });
  worker = spawn(process.execPath, [BIN, 'worker', '--env', 'local', '--unversioned'], {
    env: vars({ FLOWOPS_SECRET_DEPLOY_TOKEN: 'test-deploy-token', FLOWOPS_SECRET_SLACK_DEPLOYS_WEBHOOK_URL: `${base}/slack` }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker.stdout?.on('data', (d) => (workerOut += d));
  worker.stderr?.on('data', (d) => (workerOut += d));
  const deadline = Date.now() + 90_000;
  while (!workerOut.includes('flowops worker started')) {
    if (Date.now() > deadline || worker.exitCode !== null) throw new Error(`worker did not start: ${workerOut}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 120_000);

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
  }
  await connection?.close();
  server?.close();
});

describe('env() values from flowops.config.ts', () => {
  test('dry-run of deploy-service with its fixture takes DEPLOY_API from the config', { timeout: 300_000 }, async () => {
    const fixture = 'workflows/deploy-service/fixtures/staging-defaults.json';
    using repo = repoWith(`{ DEPLOY_API: '${base}', CHILD_API: fromEnv('TEST_CHILD_API') }`);
    const r = await flowops(repo, ['dry-run', 'deploy-service', '--input', fixture, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'succeeded' });
    // the canary's write is simulated with the URL built from the config's value
    expect(r.stdout).toContain(`${base}/services/search-indexer/deployments`);

    // the run is reproducible: the value travelled in its input, and only the names it references
    const { workflowId } = JSON.parse(r.stdout) as { workflowId: string };
    const client = new Client({ connection, namespace: 'default' });
    const args = await startArgs(client, workflowId);
    expect(args.env).toEqual({ DEPLOY_API: base });
    expect(args.childIrs).toBeUndefined();
  });

  test('a read reaches the 127.0.0.1 server at the fromEnv value; a call target gets its env values; the run carries only its call closure, keyed once', {
    timeout: 300_000,
  }, async () => {
    using repo = repoWith(`{ DEPLOY_API: '${base}', CHILD_API: fromEnv('TEST_CHILD_API') }`);
    requests.length = 0;
    const r = await flowops(repo, ['dry-run', 'env-caller', '--json'], { TEST_CHILD_API: base });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(requests.map((q) => q.url)).toContain('/child');
    const args = await startArgs(new Client({ connection, namespace: 'default' }), (JSON.parse(r.stdout) as { workflowId: string }).workflowId);
    expect(Object.keys(args.childIrs ?? {})).toEqual(['env-child@1.0.0']);
    expect(args.env).toEqual({ CHILD_API: base });
  });

  test('an environment without a referenced value refuses the run before it starts, naming it', { timeout: 300_000 }, async () => {
    using repo = repoWith(`{ DEPLOY_API: '${base}', CHILD_API: fromEnv('TEST_CHILD_API') }`);
    const fixture = 'workflows/deploy-service/fixtures/staging-defaults.json';
    let r = await flowops(repo, ['dry-run', 'deploy-service', '--env', 'staging', '--local', '--input', fixture]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('env.DEPLOY_API');
    expect(r.stderr).toContain('environments.staging.env');
    expect(r.stderr).toContain('[FLOW_ENV_VALUE_MISSING]');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace

    // fromEnv not set: names the variable
    r = await flowops(repo, ['dry-run', 'env-caller']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('$TEST_CHILD_API not set');
    expect(r.stderr).toContain('[FLOW_ENV_VALUE_MISSING]');
  });

  test('a start over the payload limit is FLOW_RUN_TOO_LARGE with its size, nothing started', { timeout: 300_000 }, async () => {
    using repo = repoWith(`{ DEPLOY_API: '${base}' }`);
    const fixture = 'workflows/deploy-service/fixtures/staging-defaults.json';
    const r = await flowops(repo, ['dry-run', 'deploy-service', '--input', fixture], { FLOWOPS_MAX_RUN_BYTES: '2048' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/would start with \d+ KiB \(\d+ bytes\).*over the 2 KiB limit/);
    expect(r.stderr).toContain('[FLOW_RUN_TOO_LARGE]');
    expect(r.stdout).not.toContain('started');
    expect(readFileSync(join(repo.dir, fixture), 'utf8')).toContain('search-indexer');
  });
});

/** The interpreter arguments a run started with (its first history event). */
async function startArgs(client: Client, workflowId: string): Promise<{ env: Record<string, string>; childIrs?: Record<string, unknown> }> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  return client.options.loadedDataConverter.payloadConverter.fromPayload(payload!) as { env: Record<string, string>; childIrs?: Record<string, unknown> };
}
