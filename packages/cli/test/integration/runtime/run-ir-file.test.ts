/** The runtime CLI commands (run, status) on a compiled IR file end to end, and FLOW_TEMPORAL_UNREACHABLE. */
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
import { type MainResult, runMain } from '../../run-main';

let native: NativeConnection;
let stop: () => Promise<void>;
const taskQueue = `it-cli-${Date.now()}`;
const dir = mkdtempSync(path.join(tmpdir(), 'flowops-cli-'));
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
      { id: 'say', type: 'action', uses: 'log.write@1', effect: 'read', with: { message: 'sum is {{ steps.sum.output.result }}' } },
    ],
    name: 'cli-sum',
    input: { type: 'object', properties: { values: { type: 'array', items: { type: 'number' } } }, required: ['values'] },
    output: { total: '{{ steps.sum.output.result }}' },
  });
  writeFileSync(file, JSON.stringify(wf));
});
afterAll(async () => {
  await stop?.();
  await native?.close();
});

function cli(argv: string[], vars: Record<string, string>): Promise<MainResult> {
  return runMain(argv, { env: vars });
}

test('flowops run --wait --json runs an IR file; flowops status shows the result', async () => {
  const vars = { FLOWOPS_TEMPORAL_ADDRESS: temporalAddress(), FLOWOPS_TASK_QUEUE: taskQueue };
  const r = await cli(['run', file, '--env', 'local', 'values=[1,2,39]', '--wait', '--json'], vars);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  const outcome = JSON.parse(r.out);
  expect(outcome).toMatchObject({ status: 'succeeded', output: { total: 42 } });
  expect(outcome.workflowId).toMatch(/^flowops-cli-sum-/);
  const s = await cli(['status', outcome.workflowId, '--json'], vars);
  expect(s.code).toBe(0);
  expect(JSON.parse(s.out).steps.map((x: { step: string }) => x.step)).toEqual(['sum', 'say']);
});

test('invalid input is reported with the field and nothing starts', async () => {
  const r = await cli(['run', file, 'values="nope"'], { FLOWOPS_TEMPORAL_ADDRESS: temporalAddress(), FLOWOPS_TASK_QUEUE: taskQueue });
  expect(r.code).toBe(1);
  expect(r.err).toContain('[FLOW_INVALID_INPUT]');
  expect(r.err).toContain('values');
});

test('an unreachable Temporal names the address and how to start the dev server', async () => {
  const r = await cli(['run', file, 'values=[1]'], { FLOWOPS_TEMPORAL_ADDRESS: '127.0.0.1:1' });
  expect(r.code).toBe(1);
  expect(r.err).toContain('127.0.0.1:1');
  expect(r.err).toContain('flowops dev');
  expect(r.err).toContain('[FLOW_TEMPORAL_UNREACHABLE]');
});
