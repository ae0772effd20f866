/** The run client: input validation before start, workflow ids, search attributes, approve and results. */
import { FlowError } from '@flowops/core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FlowName, FlowVersion, DryRun, TriggeredBy, approve, getProgress, startRun, waitForResult } from '../../src/client';
import { type RunningWorker, type TestEnv, connect, ir, sleepMs, specs, startWorker } from './helpers';

let env: TestEnv;
let w: RunningWorker;
beforeAll(async () => {
  env = await connect();
  w = await startWorker(
    env,
    specs({
      'test.echo@1': (input) => ({ echoed: input }),
      'test.fail@1': () => {
        throw new Error('nope');
      },
    }),
  );
});
afterAll(async () => {
  await w?.stop();
  await env?.close();
});

const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: { service: { type: 'string' }, replicas: { type: 'integer', minimum: 1 } },
  required: ['service'],
};

test('invalid input is refused with every offending field before anything starts', async () => {
  const wf = ir([{ id: 'a', type: 'action', uses: 'test.echo@1', effect: 'read', with: {} }], { name: 'client-invalid', input: schema });
  const err = await startRun({ client: env.client, ir: wf, input: { replicas: 0 }, taskQueue: w.taskQueue }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(FlowError);
  const fe = err as FlowError;
  expect(fe.code).toBe('FLOW_INVALID_INPUT');
  expect(fe.issues.map((i) => i.path).sort()).toEqual(['replicas', 'service']);
  const listed = await env.client.workflow.count(`FlowName = "client-invalid"`);
  expect(listed.count).toBe(0);
});

test('startRun sets the id format and search attributes; waitForResult returns the trace', async () => {
  const wf = ir([{ id: 'a', type: 'action', uses: 'test.echo@1', effect: 'read', with: { s: '{{ input.service }}' } }], {
    name: 'client-ok',
    input: schema,
    output: { s: '{{ steps.a.output.echoed.s }}' },
  });
  const run = await startRun({ client: env.client, ir: wf, input: { service: 'api' }, taskQueue: w.taskQueue, triggeredBy: 'alice', dryRun: true });
  expect(run.workflowId).toMatch(/^flowops-client-ok-[0-9a-f]{8}-[0-9a-f]{8}$/);
  const outcome = await waitForResult(env.client, run.workflowId);
  expect(outcome).toMatchObject({ status: 'succeeded', output: { s: 'api' } });
  const desc = await run.handle.describe();
  expect(desc.typedSearchAttributes.get(FlowName)).toBe('client-ok');
  expect(desc.typedSearchAttributes.get(FlowVersion)).toBe('1.0.0');
  expect(desc.typedSearchAttributes.get(TriggeredBy)).toBe('alice');
  expect(desc.typedSearchAttributes.get(DryRun)).toBe(true);
});

test('a failed run is returned with its code, failed step and trace', async () => {
  const wf = ir([{ id: 'boom', type: 'action', uses: 'test.fail@1', effect: 'read', with: {} }], { name: 'client-fail' });
  const run = await startRun({ client: env.client, ir: wf, input: {}, taskQueue: w.taskQueue });
  const outcome = await waitForResult(env.client, run.workflowId);
  expect(outcome).toMatchObject({ status: 'failed', code: 'FLOW_STEP_FAILED', failedStep: 'boom' });
  expect(outcome.steps[0]?.error?.code).toBe('FLOW_PLUGIN_ERROR');
});

test('approve through the client; an unknown step is a FLOW_USAGE error', async () => {
  const wf = ir([{ id: 'gate', type: 'approval', message: 'ok?', timeout: '1h' }], { name: 'client-approve' });
  const run = await startRun({ client: env.client, ir: wf, input: {}, taskQueue: w.taskQueue });
  for (let i = 0; i < 50 && !(await getProgress(env.client, run.workflowId)).waitingApprovals.length; i++) await sleepMs(100);
  const bad = await approve(env.client, run.workflowId, { stepId: 'nope', decision: 'approve', by: 'a' }).catch((e: unknown) => e);
  expect((bad as FlowError).code).toBe('FLOW_USAGE');
  await approve(env.client, run.workflowId, { stepId: 'gate', decision: 'approve', by: 'carol' });
  expect(await waitForResult(env.client, run.workflowId)).toMatchObject({ status: 'succeeded' });
});
