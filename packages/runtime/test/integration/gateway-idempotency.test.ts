/**
 * 1 000 webhook starts, 10 % of them retries of an earlier request with the same Idempotency-Key
 * (some concurrent with it): exactly 900 runs, each retry answered with its original's run. The
 * runs go to a task queue no worker polls (only starting is under test), counted by their ids and
 * by visibility.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type GatewayEnv, bearer, gatewayEnv, poll, post, uniqueName } from './gateway-helpers';
import { type TestEnv, connect, ir } from './helpers';

let env: TestEnv;
let g: GatewayEnv;
beforeAll(async () => {
  env = await connect();
  g = await gatewayEnv(env);
});
afterAll(async () => {
  await g?.close();
  await env?.close();
});

test('1 000 starts with 10 % retried under the same Idempotency-Key → exactly 900 runs', { timeout: 240_000 }, async () => {
  const name = uniqueName('gw-load');
  await g.publish(ir([{ id: 'say', type: 'action', uses: 'log.write@1', effect: 'read', with: { message: 'hi' } }], { name, triggers: [{ type: 'webhook' }] }));
  const created = await g.keys.create(name, 'load-test');
  if (!created.ok) throw new Error(created.issues[0]?.message);
  const key = created.value.key;
  const gateway = await g.gateway(`it-idle-${randomBytes(4).toString('hex')}`);

  const unique = Array.from({ length: 900 }, (_, i) => `order-${i}`);
  // every 9th order is sent twice: 100 retries, interleaved so some race their original
  const requests = unique.flatMap((k, i) => (i % 9 === 0 ? [k, k] : [k]));
  expect(requests).toHaveLength(1000);
  const answers = new Map<string, Set<string>>();
  let next = 0;
  const started = Date.now();
  const worker = async () => {
    while (next < requests.length) {
      const idem = requests[next++]!;
      const r = await post(gateway.url, name, { n: idem }, { ...bearer(key), 'idempotency-key': idem });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      const seen = answers.get(idem) ?? new Set<string>();
      seen.add(`${r.body.workflowId} ${r.body.runId}`);
      answers.set(idem, seen);
    }
  };
  await Promise.all(Array.from({ length: 40 }, worker));
  const seconds = (Date.now() - started) / 1000;
  console.log(`1000 webhook requests in ${seconds.toFixed(1)} s (${(1000 / seconds).toFixed(0)}/s)`);

  expect(answers.size).toBe(900);
  for (const [idem, runs] of answers) expect(runs.size, idem).toBe(1); // a retry got its original's run
  const ids = new Set([...answers.values()].flatMap((s) => [...s].map((x) => x.split(' ')[0])));
  expect(ids.size).toBe(900);
  const visible = await poll(
    'visibility to show 900 runs',
    async () => {
      const { count } = await env.client.workflow.count(`FlowName = "${name}"`);
      return count >= 900 ? count : undefined;
    },
    60_000,
  );
  expect(visible).toBe(900);
});
