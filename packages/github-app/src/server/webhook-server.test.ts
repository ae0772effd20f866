import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCommentEvent } from '@flowops/testing-github';
import { signPayload } from '../webhooks/signature';
import { type RunningServer, type WorkStarter, startWebhookServer } from './webhook-server';

const secret = 'hush';
const started: string[] = [];
const seenIds = new Set<string>();
const start: WorkStarter = async (work) => {
  if (seenIds.has(work.workflowId)) return { status: 'duplicate', workflowId: work.workflowId };
  seenIds.add(work.workflowId);
  started.push(work.workflowId);
  return { status: 'started', workflowId: work.workflowId };
};
let srv: RunningServer;
beforeAll(async () => {
  srv = await startWebhookServer({ secret, maxBodyBytes: 200_000, start, port: 0, host: '127.0.0.1' });
});
afterAll(() => srv.close());

const payload = JSON.stringify(
  issueCommentEvent({ owner: 'acme', repo: 'flows', installationId: 7, number: 12, commentId: 5, body: '/flowops help', login: 'maya' }),
);
const post = (body: string, headers: Record<string, string>) =>
  fetch(`${srv.url}/webhooks`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-github-event': 'issue_comment', ...headers } });

describe('webhook server', () => {
  it('healthz', async () => {
    expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
  });

  it('401 for forged or missing signatures, and nothing starts', async () => {
    const before = started.length;
    expect((await post(payload, { 'x-github-delivery': 'a1', 'x-hub-signature-256': signPayload('wrong', payload) })).status).toBe(401);
    expect((await post(payload, { 'x-github-delivery': 'a2' })).status).toBe(401);
    expect((await post(`${payload} `, { 'x-github-delivery': 'a3', 'x-hub-signature-256': signPayload(secret, payload) })).status).toBe(401);
    expect(started.length).toBe(before);
  });

  it('202 once, then a redelivery is recognised as a duplicate', async () => {
    const sig = signPayload(secret, payload);
    const first = await post(payload, { 'x-github-delivery': 'b1', 'x-hub-signature-256': sig });
    expect(first.status).toBe(202);
    const again = await post(payload, { 'x-github-delivery': 'b1', 'x-hub-signature-256': sig });
    expect(await again.json()).toMatchObject({ duplicate: true });
    // a new delivery id for the same comment still maps to the same workflow id
    const other = await post(payload, { 'x-github-delivery': 'b2', 'x-hub-signature-256': sig });
    expect(other.status).toBe(200);
    expect(started.filter((id) => id === 'gh-comment-acme-flows-5')).toHaveLength(1);
  });

  it('413 beyond the size cap', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(300_000) });
    const res = await post(big, { 'x-github-delivery': 'c1', 'x-hub-signature-256': signPayload(secret, big) });
    expect(res.status).toBe(413);
  });
});

describe('webhook server: Temporal and health', () => {
  it('503 with a code when the start is not accepted in time, and the redelivery then gets through', async () => {
    let slow = true;
    const starts: string[] = [];
    const s503 = await startWebhookServer({
      secret,
      maxBodyBytes: 200_000,
      port: 0,
      host: '127.0.0.1',
      startTimeoutMs: 200,
      start: async (work) => {
        starts.push(work.workflowId);
        if (slow) await new Promise((r) => setTimeout(r, 2000));
        return { status: 'started', workflowId: work.workflowId };
      },
    });
    try {
      const send = () =>
        fetch(`${s503.url}/webhooks`, {
          method: 'POST',
          body: payload,
          headers: {
            'content-type': 'application/json',
            'x-github-event': 'issue_comment',
            'x-github-delivery': 't1',
            'x-hub-signature-256': signPayload(secret, payload),
          },
        });
      const first = await send();
      expect(first.status).toBe(503);
      expect(await first.json()).toMatchObject({ code: 'FLOW_TEMPORAL_UNREACHABLE' });
      slow = false;
      const again = await send(); // the same delivery id, redelivered: not a duplicate of a 503
      expect(again.status).toBe(202);
      expect(starts).toEqual(['gh-comment-acme-flows-5', 'gh-comment-acme-flows-5']);
    } finally {
      await s503.close();
    }
  });

  it('healthz is 503 with the reason while the health check says so', async () => {
    let health = { ok: true, worker: 'RUNNING' } as { ok: boolean; worker: string; reason?: string };
    const h = await startWebhookServer({ secret, maxBodyBytes: 1000, port: 0, host: '127.0.0.1', start, health: () => health });
    try {
      expect(await (await fetch(`${h.url}/healthz`)).json()).toEqual({ ok: true, worker: 'RUNNING' });
      health = { ok: false, worker: 'DRAINING', reason: 'the App’s worker is not polling (DRAINING)' };
      const res = await fetch(`${h.url}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ ok: false, reason: expect.stringContaining('not polling'), code: 'FLOW_APP_UNHEALTHY' });
    } finally {
      await h.close();
    }
  });
});
