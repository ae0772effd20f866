/**
 * A registry write never waits forever: when no worker serves the registry's task queue (a
 * `flowops worker` that stopped, a queue a test left behind), publish and deactivate end after
 * the write timeout with FLOW_TEMPORAL_UNREACHABLE naming the task queue, instead of hanging the
 * command (which is what `flowops publish` did on a namespace holding such a registry).
 */
import { randomBytes } from 'node:crypto';
import { FlowError, hashWorkflow } from '@flowops/core';
import { terminateTaskQueueWorkflows } from '@flowops/testing/vitest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Registry } from '../../../src/registry/registry-client';
import { type TestEnv, connect, ir } from '../helpers';

let env: TestEnv;
const systemTaskQueue = `it-nobody-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  env = await connect();
});
afterAll(async () => {
  await terminateTaskQueueWorkflows(env.client, systemTaskQueue);
  await env?.close();
});

describe('a registry write with no system worker', () => {
  test('ends with FLOW_TEMPORAL_UNREACHABLE naming the task queue, within the write timeout', { timeout: 60_000 }, async () => {
    const registry = new Registry(env.client, { systemTaskQueue, writeTimeoutMs: 2_000 });
    const wf = ir([{ id: 'say', type: 'action', uses: 'log.write@1', effect: 'read', with: { message: 'hi' } }], {
      name: `nobody-${randomBytes(3).toString('hex')}`,
    });
    const started = Date.now();
    const error = await registry.publish({ version: wf.version, hash: hashWorkflow(wf), ir: wf, meta: { actor: 'test', source: 'cli' } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FlowError);
    expect((error as FlowError).code).toBe('FLOW_TEMPORAL_UNREACHABLE');
    expect((error as FlowError).message).toContain(`task queue "${systemTaskQueue}"`);
    expect((error as FlowError).message).toContain('within 2 s');
    expect(Date.now() - started).toBeLessThan(30_000);

    // The registry workflow exists now (update-with-start started it): a deactivate ends the same way.
    const again = await registry.deactivate(wf.name, { meta: { actor: 'test', source: 'cli' } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((again as FlowError).code).toBe('FLOW_TEMPORAL_UNREACHABLE');
  });
});
