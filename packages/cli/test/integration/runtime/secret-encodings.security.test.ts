/**
 * The real `flowops worker` and `flowops run --wait --json` / `status --json` (issue 9, finding 9):
 * a server on 127.0.0.1 echoes the secret it receives as hex (both cases), upper/lower case,
 * base64url and lower-case %-escapes; none of these reaches the run's output, its status, its
 * decoded history or the worker's log. Plain worker variables are not served as secrets.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { leakedEncodings, testTemporalAddress } from '@flowops/testing/vitest';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { unique } from '../gitops/helpers';
import { BIN, type FlowRepo, flowRepo } from '../gitops/repo';

const SECRET = 'Sk-Live/7hQ+x9ZbW2?eR';
const PLAIN = 'plain-env-Xr41mQ8sLp';
const taskQueue = unique('secret-enc-tq');

const leaks = (text: string, secret = SECRET): string[] => leakedEncodings(text, secret);

let server: Server;
let base = '';
let worker: ChildProcess;
let workerOut = '';
let connection: Connection;

const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  FLOWOPS_TEMPORAL_ADDRESS: testTemporalAddress(),
  FLOWOPS_NAMESPACE: 'default',
  FLOWOPS_TASK_QUEUE: taskQueue,
  FLOWOPS_ACTOR: 'secret-test',
  CI: '',
  NO_COLOR: '1',
  ...extra,
});

beforeAll(async () => {
  server = createServer((req, res) => {
    const got = String(req.headers.authorization ?? '');
    const bytes = Buffer.from(got);
    res.writeHead(200, { 'content-type': 'application/json', 'x-echo-hex': bytes.toString('hex').toUpperCase() }).end(
      JSON.stringify({
        hex: bytes.toString('hex'),
        HEX: bytes.toString('hex').toUpperCase(),
        upper: got.toUpperCase(),
        lower: got.toLowerCase(),
        b64url: bytes.toString('base64url'),
        url: encodeURIComponent(got).toLowerCase(),
        plain: String(req.headers['x-plain'] ?? ''),
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  connection = await Connection.connect({ address: testTemporalAddress() });
  worker = spawn(process.execPath, [BIN, 'worker', '--env', 'local', '--unversioned'], {
    env: env({ FLOWOPS_SECRET_API_TOKEN: SECRET, PLAIN_TOKEN: PLAIN }),
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

function flowops(repo: FlowRepo, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: repo.dir, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Every payload of a history as text (json/plain payloads are UTF-8 JSON). */
function historyText(value: unknown, out: string[] = []): string[] {
  if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('utf8'));
  else if (Array.isArray(value)) for (const v of value) historyText(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) historyText(v, out);
  else if (typeof value === 'string') out.push(value);
  return out;
}

/** A repository with one workflow: an http.get of the echo server with these headers (YAML flow map). */
function repoWith(name: string, headers: string): FlowRepo {
  const repo = flowRepo(unique('secret-enc'));
  const steps = ['  - id: echo', '    uses: http.get@1', '    with:', `      url: "${base}/echo"`, `      headers: ${headers}`];
  const yaml = [`name: ${name}`, 'owner: "@acme/platform"', 'defaults:', '  timeout: 30s', 'steps:', ...steps].join('\n');
  repo.commit('wf', {
    [`workflows/${name}/package.json`]: `${JSON.stringify({ name: `@workflows/${name}`, version: '1.0.0', private: true })}\n`,
    [`workflows/${name}/workflow.yaml`]: `${yaml}\n`,
  });
  return repo;
}

describe('flowops run/status with a server that echoes the secret in other encodings', () => {
  test('no encoding of the secret in run --wait --json, status --json, the decoded history or the worker log', { timeout: 300_000 }, async () => {
    const name = unique('echo-secret');
    using repo = repoWith(name, '{ authorization: "{{ secret.API_TOKEN }}" }');
    const run = await flowops(repo, 'run', name, '--env', 'local', '--wait', '--json');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { workflowId: string; status: string };
    expect(result.status).toBe('succeeded');
    // The server really echoed it: the output holds placeholders where the encodings were.
    expect(run.stdout).toContain('[REDACTED]');
    expect(leaks(run.stdout + run.stderr)).toEqual([]);

    const status = await flowops(repo, 'status', result.workflowId, '--env', 'local', '--json');
    expect(status.code, status.stderr).toBe(0);
    expect(leaks(status.stdout + status.stderr)).toEqual([]);

    const client = new Client({ connection, namespace: 'default' });
    const history = await client.workflow.getHandle(result.workflowId).fetchHistory();
    const text = historyText(history).join('\n');
    expect(text).toContain('[REDACTED]');
    expect(leaks(text)).toEqual([]);
    expect(leaks(workerOut)).toEqual([]);
  });

  test('a plain worker variable is not served as a secret (FLOW_SECRET_MISSING, nothing sent)', { timeout: 300_000 }, async () => {
    const name = unique('plain-secret');
    using repo = repoWith(name, '{ x-plain: "{{ secret.PLAIN_TOKEN }}" }');
    const run = await flowops(repo, 'run', name, '--env', 'local', '--wait', '--json');
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain('FLOW_SECRET_MISSING');
    expect(run.stdout + run.stderr).toContain('FLOWOPS_SECRET_PLAIN_TOKEN');
    expect(leaks(run.stdout + run.stderr, PLAIN)).toEqual([]);
  });
});
