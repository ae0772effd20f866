/**
 * `flowops runs skip` through the real binary: a step that fails for good against a 127.0.0.1
 * server notifies a fake Slack (127.0.0.1) once with the run link and waits; a skip of a step that
 * is not waiting is FLOW_STEP_NOT_WAITING (exit 1, nothing changes); a skip without --reason is a
 * usage error; the skip resumes the run, which completes with the fallback output.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import httpWorker from '@flowops/plugin-http/worker';
import logWorker from '@flowops/plugin-log/worker';
import slackWorker from '@flowops/plugin-slack/worker';
import { SecretResolver, StaticSecretProvider, createFlowopsWorker } from '@flowops/runtime';
import { testIr } from '@flowops/testing';
import { testTemporalAddress as temporalAddress } from '@flowops/testing/vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BIN } from '../gitops/repo';

let native: NativeConnection;
let connection: Connection;
let server: Server;
let base: string;
let stop: () => Promise<void>;
const slack: { text: string }[] = [];
const taskQueue = `it-skip-${Date.now()}`;
const dir = mkdtempSync(path.join(tmpdir(), 'flowops-skip-'));
const file = path.join(dir, 'ir.json');

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.url?.startsWith('/slack/')) {
        slack.push(JSON.parse(body));
        res.end('ok');
      } else res.writeHead(503).end('{"error":"down"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  native = await NativeConnection.connect({ address: temporalAddress() });
  connection = await Connection.connect({ address: temporalAddress() });
  const { worker } = await createFlowopsWorker({
    connection: native,
    taskQueue,
    plugins: [httpWorker, slackWorker, logWorker],
    secrets: new SecretResolver({ providers: { env: new StaticSecretProvider({ SLACK_WEBHOOK_URL: `${base}/slack/T0/B0/hook` }) } }),
  });
  const running = worker.run();
  stop = async () => {
    worker.shutdown();
    await running;
  };
  const wf = testIr({
    name: 'cli-skip',
    notifyHuman: { slack: { webhookUrl: '{{ secret.SLACK_WEBHOOK_URL }}' } },
    steps: [
      {
        id: 'load',
        type: 'action',
        uses: 'http.request@1',
        effect: 'write',
        with: { method: 'POST', url: `${base}/partner/load` },
        retry: { maxAttempts: 2, backoff: 'fixed', initialInterval: '100ms' },
        allowSkip: true,
        fallbackOutput: { status: 0, body: { loaded: 'by hand' } },
      },
      { id: 'report', type: 'action', uses: 'log.write@1', effect: 'read', with: { message: 'loaded {{ steps.load.output.body.loaded }}' } },
    ],
    output: { loaded: '{{ steps.load.output.body.loaded }}' },
  });
  writeFileSync(file, JSON.stringify(wf));
});
afterAll(async () => {
  await stop?.();
  await native?.close();
  await connection?.close();
  server?.close();
});

function flowops(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env, NO_COLOR: '1', FLOWOPS_TEMPORAL_ADDRESS: temporalAddress(), FLOWOPS_TASK_QUEUE: taskQueue, GITHUB_ACTOR: 'octo-operator' };
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

test('flowops runs skip resumes a run whose allowSkip step failed for good, after one Slack notification with the run link', { timeout: 180_000 }, async () => {
  const started = await flowops('run', file, '--env', 'local', '--json');
  expect(started.code, started.stderr).toBe(0);
  const id = (JSON.parse(started.stdout) as { workflowId: string }).workflowId;

  for (let i = 0; i < 200 && slack.length === 0; i++) await new Promise((r) => setTimeout(r, 200));
  expect(slack).toHaveLength(1);
  expect(slack[0]!.text).toContain(`/namespaces/default/workflows/${id}`);
  expect(slack[0]!.text).toContain(`flowops runs skip ${id} load`);

  const status = await flowops('status', id);
  expect(status.stdout).toContain(`waiting for an operator (flowops runs skip ${id} <step> --reason …): load`);

  const noReason = await flowops('runs', 'skip', id, 'load');
  expect(noReason.code).not.toBe(0);
  expect(noReason.stderr).toContain('--reason');

  const notWaiting = await flowops('runs', 'skip', id, 'report', '--reason', 'not needed');
  expect(notWaiting.code, notWaiting.stdout).toBe(1);
  expect(notWaiting.stderr).toContain('[FLOW_STEP_NOT_WAITING]');
  expect(notWaiting.stderr).toContain('steps waiting for a skip: load');
  expect(notWaiting.stderr).not.toMatch(/\n\s+at /); // no stack trace

  const skipped = await flowops('runs', 'skip', id, 'load', '--reason', 'partner API down; loaded by hand', '--json');
  expect(skipped.code, skipped.stderr).toBe(0);
  expect(JSON.parse(skipped.stdout)).toMatchObject({ workflowId: id, stepId: 'load', skipped: true, by: 'octo-operator' });

  const client = new Client({ connection });
  const result = (await client.workflow.getHandle(id).result()) as { output: unknown; steps: { step: string; status: string; reason?: string }[] };
  expect(result.output).toEqual({ loaded: 'by hand' });
  expect(result.steps.find((s) => s.step === 'load')).toMatchObject({
    status: 'skipped',
    reason: 'skipped by octo-operator: partner API down; loaded by hand',
  });
  expect(slack).toHaveLength(1); // once
});
