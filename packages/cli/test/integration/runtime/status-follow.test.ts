/**
 * `flowops status <id> --follow` through the real binary: each step's status change printed once
 * while the run goes on, then how it ended (exit 0/1 as `run --wait`); with --format json only the
 * final JSON.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import logWorker from '@flowops/plugin-log/worker';
import transformWorker from '@flowops/plugin-transform/worker';
import { SecretResolver, StaticSecretProvider, createFlowopsWorker } from '@flowops/runtime';
import { testIr } from '@flowops/testing';
import { testTemporalAddress as temporalAddress } from '@flowops/testing/vitest';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BIN } from '../gitops/repo';

let native: NativeConnection;
let stop: () => Promise<void>;
const taskQueue = `it-follow-${Date.now()}`;
const dir = mkdtempSync(path.join(tmpdir(), 'flowops-follow-'));
const file = path.join(dir, 'ir.json');

beforeAll(async () => {
  native = await NativeConnection.connect({ address: temporalAddress() });
  const { worker } = await createFlowopsWorker({
    connection: native,
    taskQueue,
    plugins: [logWorker, transformWorker],
    secrets: new SecretResolver({ providers: { env: new StaticSecretProvider({}) } }),
  });
  const running = worker.run();
  stop = async () => {
    worker.shutdown();
    await running;
  };
  const wf = testIr({
    steps: [
      { id: 'sum', type: 'action', uses: 'transform.jsonata@1', effect: 'read', with: { expression: '$sum(values)', data: { values: '{{ input.values }}' } } },
      { id: 'pause', type: 'sleep', duration: '15s' }, // long enough to be seen running by a CLI that starts slowly on a loaded machine
      { id: 'say', type: 'action', uses: 'log.write@1', effect: 'read', with: { message: 'sum is {{ steps.sum.output.result }}' } },
    ],
    name: 'cli-follow',
    input: { type: 'object', properties: { values: { type: 'array', items: { type: 'number' } } }, required: ['values'] },
    output: { total: '{{ steps.sum.output.result }}' },
  });
  writeFileSync(file, JSON.stringify(wf));
});
afterAll(async () => {
  await stop?.();
  await native?.close();
});

function flowops(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env, NO_COLOR: '1', FLOWOPS_TEMPORAL_ADDRESS: temporalAddress(), FLOWOPS_TASK_QUEUE: taskQueue }; // plain text: picocolors colours when CI is set
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function start(): Promise<string> {
  const r = await flowops('run', file, '--env', 'local', 'values=[1,2,39]', '--json');
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { workflowId: string }).workflowId;
}

test('status --follow prints each step change once while the run goes on, then the result', { timeout: 120_000 }, async () => {
  const id = await start();
  const r = await flowops('status', id, '--follow');
  expect(r.code, r.stderr).toBe(0);
  const lines = r.stdout.split('\n');
  expect(lines[0]).toBe(`following ${id} (Ctrl-C stops following; the run keeps going)`);
  // the sleep is seen running before it ends: the command followed the run, not just its result
  expect(lines).toContain('  pause running');
  for (const step of ['sum', 'pause', 'say']) expect(lines.filter((l) => l === `  ${step} succeeded`)).toHaveLength(1);
  expect(lines.filter((l) => l.startsWith('  pause running'))).toHaveLength(1);
  expect(r.stdout).toContain(`succeeded ${id}`);
  expect(r.stdout).toContain('"total": 42');
});

test('status --follow --format json prints only the final JSON', { timeout: 120_000 }, async () => {
  const id = await start();
  const r = await flowops('status', id, '--follow', '--format', 'json');
  expect(r.code, r.stderr).toBe(0);
  const outcome = JSON.parse(r.stdout);
  expect(outcome).toMatchObject({ status: 'succeeded', workflowId: id, output: { total: 42 } });
  expect(outcome.steps.map((s: { step: string }) => s.step)).toEqual(['sum', 'pause', 'say']);
});

test('Ctrl-C stops following with exit 130; the run keeps going', { timeout: 120_000 }, async () => {
  const id = await start();
  const env = { ...process.env, NO_COLOR: '1', FLOWOPS_TEMPORAL_ADDRESS: temporalAddress(), FLOWOPS_TASK_QUEUE: taskQueue }; // plain text: picocolors colours when CI is set
  const child = spawn(process.execPath, [BIN, 'status', id, '--follow'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let sent = false;
  child.stdout?.on('data', (d) => {
    stdout += d;
    if (!sent && stdout.includes('  pause running')) sent = child.kill('SIGINT'); // once: a second Ctrl-C ends it outright
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  expect(code).toBe(130);
  expect(stdout).toContain(`stopped following ${id}; it is still running`);
  const after = await flowops('status', id, '--follow', '--json');
  expect(JSON.parse(after.stdout)).toMatchObject({ status: 'succeeded' });
});
