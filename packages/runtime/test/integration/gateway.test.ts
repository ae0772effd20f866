/**
 * The webhook gateway over real HTTP on 127.0.0.1 against the dev server: a valid key starts the
 * active published version (202, status URL, Idempotency-Key), and every refusal — 401 (missing,
 * malformed, wrong, revoked key), 422, 400, 413, 429, 403 — answers with its code and starts
 * nothing (checked through visibility after a later valid start is visible).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FlowName, TriggeredBy } from '../../src/client/search-attributes';
import { type GatewayEnv, bearer, gatewayEnv, get, poll, post, uniqueName } from './gateway-helpers';
import { type RunningWorker, type TestEnv, connect, ir, specs, startWorker } from './helpers';

let env: TestEnv;
let w: RunningWorker;
let g: GatewayEnv;
let url: string;

const input = { type: 'object', properties: { service: { type: 'string' }, replicas: { type: 'integer', minimum: 1 } }, required: ['service'] };
const hookIr = (name: string, extra: Record<string, unknown> = {}) =>
  ir([{ id: 'echo', type: 'action', uses: 'test.echo@1', effect: 'read', with: { s: '{{ input.service }}' } }], {
    name,
    input,
    triggers: [{ type: 'webhook' }],
    ...extra,
  });

beforeAll(async () => {
  env = await connect();
  w = await startWorker(env, specs({ 'test.echo@1': (i) => ({ echoed: i }) }));
  g = await gatewayEnv(env);
  url = (await g.gateway(w.taskQueue, { maxBodyBytes: 16 * 1024 })).url;
});
afterAll(async () => {
  await g?.close();
  await w?.stop();
  await env?.close();
});

async function key(workflow: string): Promise<{ key: string; prefix: string }> {
  const r = await g.keys.create(workflow, 'alice@example.com');
  if (!r.ok) throw new Error(r.issues[0]?.message);
  return { key: r.value.key, prefix: r.value.record.prefix };
}

const count = async (name: string): Promise<number> => (await env.client.workflow.count(`FlowName = "${name}"`)).count;

describe('POST /hooks/<workflow>', () => {
  test('a valid key starts the active version: 202, a status URL (private: key needed), Idempotency-Key returns the same run, last use recorded', async () => {
    const name = uniqueName('gw-ok');
    await g.publish(hookIr(name));
    const { key: k, prefix } = await key(name);

    const res = await post(url, name, { service: 'api' }, bearer(k));
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({
      workflow: name,
      version: '1.0.0',
      workflowId: expect.stringMatching(new RegExp(`^flowops-${name}-`)),
      runId: expect.any(String),
    });
    expect(res.body.statusUrl).toBe(`${url}/hooks/${name}/runs/${encodeURIComponent(res.body.workflowId)}`);
    expect(res.headers.get('location')).toBe(res.body.statusUrl);
    const d = await env.client.workflow.getHandle(res.body.workflowId).describe();
    expect(d.typedSearchAttributes.get(FlowName)).toBe(name);
    expect(d.typedSearchAttributes.get(TriggeredBy)).toBe(`webhook:${prefix}`);

    expect((await get(res.body.statusUrl)).status).toBe(401); // private by default
    const status = await poll('the run to complete', async () => {
      const st = await get(res.body.statusUrl, bearer(k));
      return st.body.status === 'completed' ? st : undefined;
    });
    expect(status).toMatchObject({ status: 200, body: { workflow: name, workflowId: res.body.workflowId, runId: res.body.runId, status: 'completed' } });
    expect(JSON.stringify(status.body)).not.toContain('api'); // status only: never the input or output

    const first = await post(url, name, { service: 'api' }, { ...bearer(k), 'idempotency-key': 'order-42' });
    const again = await post(url, name, { service: 'api' }, { ...bearer(k), 'idempotency-key': 'order-42' });
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ workflowId: first.body.workflowId, runId: first.body.runId, duplicate: true });

    const listed = await poll('the last use', async () => {
      const l = await g.keys.list(name);
      return l[0]?.lastUsedAt ? l : undefined;
    });
    expect(listed).toEqual([expect.objectContaining({ prefix, creator: 'alice@example.com', lastUsedAt: expect.any(String) })]);
    expect(listed[0]).not.toHaveProperty('hash');
  });

  test('public visibility: the status URL answers without a key; a run of another workflow is 404', async () => {
    const name = uniqueName('gw-public');
    await g.publish(hookIr(name, { visibility: 'public' }));
    const { key: k } = await key(name);
    const res = await post(url, name, { service: 'web' }, bearer(k));
    expect(res.status).toBe(202);
    const s = await get(res.body.statusUrl);
    expect(s.status).toBe(200);
    expect(s.body.workflowId).toBe(res.body.workflowId);

    const other = uniqueName('gw-private');
    await g.publish(hookIr(other));
    const { key: ok } = await key(other);
    const priv = await post(url, other, { service: 'db' }, bearer(ok));
    expect(priv.status).toBe(202);
    const leak = await get(`${url}/hooks/${name}/runs/${encodeURIComponent(priv.body.workflowId)}`);
    expect(leak).toMatchObject({ status: 404, body: { code: 'FLOW_UNKNOWN_WORKFLOW' } });
  });
});

describe('refusals start nothing', () => {
  test('401 missing/malformed/wrong/revoked key, 422 invalid input, 400 not JSON, 413 too large, 403 no webhook trigger: each coded, no run', async () => {
    const name = uniqueName('gw-refuse');
    await g.publish(hookIr(name));
    const { key: k, prefix } = await key(name);
    const { key: revoked } = await key(name);
    expect((await g.keys.revoke(name, revoked.slice(0, 12), 'bob')).ok).toBe(true);
    const wrong = `${prefix}_${'A'.repeat(43)}`; // the right prefix, another secret

    for (const headers of [{}, bearer('not-a-key'), { 'x-flowops-key': `${k}x` }, bearer(wrong), bearer(revoked), { 'x-flowops-key': revoked }]) {
      const r = await post(url, name, { service: 'api' }, headers);
      expect(r.status, JSON.stringify(headers)).toBe(401);
      expect(r.body).toMatchObject({
        code: 'FLOW_WEBHOOK_UNAUTHORIZED',
        error: expect.stringMatching(/nothing was started — To fix: .*\[FLOW_WEBHOOK_UNAUTHORIZED\]$/),
      });
    }
    const invalid = await post(url, name, { replicas: 0, servce: 'x' }, bearer(k));
    expect(invalid.status).toBe(422);
    expect(invalid.body.code).toBe('FLOW_INVALID_INPUT');
    expect(invalid.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['replicas', 'servce', 'service']);
    const notJson = await post(url, name, '{"service": ', bearer(k));
    expect(notJson).toMatchObject({ status: 400, body: { code: 'FLOW_WEBHOOK_MALFORMED' } });
    const array = await post(url, name, '[1]', bearer(k));
    expect(array).toMatchObject({ status: 400, body: { code: 'FLOW_WEBHOOK_MALFORMED' } });
    const big = await post(url, name, { service: 'x'.repeat(20 * 1024) }, bearer(k));
    expect(big).toMatchObject({ status: 413, body: { code: 'FLOW_WEBHOOK_TOO_LARGE' } });
    const badIdem = await post(url, name, { service: 'api' }, { ...bearer(k), 'idempotency-key': 'x'.repeat(201) });
    expect(badIdem).toMatchObject({ status: 400, body: { code: 'FLOW_WEBHOOK_MALFORMED' } });

    const manual = uniqueName('gw-manual');
    await g.publish(hookIr(manual, { triggers: [{ type: 'manual' }] }));
    const { key: mk } = await key(manual);
    const disabled = await post(url, manual, { service: 'api' }, bearer(mk));
    expect(disabled).toMatchObject({ status: 403, body: { code: 'FLOW_WEBHOOK_DISABLED' } });

    // a valid start after the refusals: once visibility shows it, it is the only run
    const sentinel = await post(url, name, { service: 'api' }, bearer(k));
    expect(sentinel.status).toBe(202);
    await poll('the sentinel run in visibility', async () => (await count(name)) >= 1);
    expect(await count(name)).toBe(1);
    expect(await count(manual)).toBe(0);
  });

  test('429 with Retry-After past the key rate limit; no run for refused requests', async () => {
    const name = uniqueName('gw-rate');
    await g.publish(hookIr(name));
    const { key: k } = await key(name);
    const { key: other } = await key(name);
    const limited = await g.gateway(w.taskQueue, { rateLimit: { perSecond: 0.2, burst: 2 } });
    // two requests take the burst (refused later, at the body: nothing starts), the third is over the rate
    for (let i = 0; i < 2; i++) expect((await post(limited.url, name, 'nope', bearer(k))).status).toBe(400);
    const over = await post(limited.url, name, { service: 'api' }, bearer(k));
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({ code: 'FLOW_WEBHOOK_RATE_LIMITED', error: expect.stringMatching(/nothing was started/) });
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const sentinel = await post(limited.url, name, { service: 'api' }, bearer(other)); // another key has its own bucket
    expect(sentinel.status).toBe(202);
    await poll('the sentinel run in visibility', async () => (await count(name)) >= 1);
    expect(await count(name)).toBe(1);
  });
});
