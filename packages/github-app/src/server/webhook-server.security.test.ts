/**
 * The webhook server under hostile senders (issue 9, findings 7 and 10): forged bodies far over
 * the cap are refused at once without being buffered (bounded RSS and time), slow and surplus
 * connections are cut, signed but malformed payloads get 400 with a code (never 500), and a
 * malformed copy of a delivery never makes its valid redelivery look like a duplicate.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BODY_BYTES } from '../config';
import { issueCommentEvent, pullRequestEvent, pushEvent } from '@flowops/testing-github';
import { signPayload } from '../webhooks/signature';
import { type RunningServer, type WorkStarter, startWebhookServer } from './webhook-server';

const secret = 'hush';
const CAP = DEFAULT_MAX_BODY_BYTES; // the App's default cap (1 MiB)
const started: string[] = [];
const start: WorkStarter = async (work) => {
  started.push(work.workflowId);
  return { status: 'started', workflowId: work.workflowId };
};
let srv: RunningServer;
beforeAll(async () => {
  srv = await startWebhookServer({
    secret,
    maxBodyBytes: CAP,
    start,
    port: 0,
    host: '127.0.0.1',
    limits: { maxConnections: 64, headersTimeoutMs: 1000, requestTimeoutMs: 2000 },
  });
});
afterAll(() => srv.close());

/**
 * POSTs `total` bytes streamed from one reused 64 KiB chunk (the sender holds no big buffer),
 * declared or chunked; resolves with the status (0: connection closed before an answer) and ms.
 */
function streamForged(url: string, total: number, o: { declare: boolean; signature?: string }): Promise<{ status: number; ms: number }> {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const t = performance.now();
  return new Promise((resolve) => {
    let done = false;
    const finish = (status: number) => {
      if (done) return;
      done = true;
      resolve({ status, ms: performance.now() - t });
    };
    const headers: Record<string, string | number> = { 'x-github-event': 'push', 'x-github-delivery': 'forged', 'content-type': 'application/json' };
    if (o.signature) headers['x-hub-signature-256'] = o.signature;
    if (o.declare) headers['content-length'] = total;
    const req = request(`${url}/webhooks`, { method: 'POST', headers }, (res) => {
      res.resume();
      finish(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', () => finish(0));
    let sent = 0;
    const pump = () => {
      while (!done && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!done) req.end();
    };
    pump();
  });
}

const forgedSig = signPayload('not-the-secret', 'x');

describe('forged bodies (finding 7): refused at the cap, never buffered', () => {
  it('10 concurrent 24 MB forged bodies: each 413/401 within 5 s, RSS grows < 50 MB', { timeout: 60_000 }, async () => {
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const total = 24 * 1024 * 1024;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => streamForged(srv.url, total, { declare: i % 2 === 0, signature: i % 3 === 2 ? undefined : forgedSig })),
    );
    clearInterval(sampler);
    for (const r of results) {
      expect([413, 401]).toContain(r.status);
      expect(r.ms).toBeLessThan(5000);
    }
    // chunked (undeclared) bodies are cut at the first byte over the cap
    expect(results.filter((_r, i) => i % 2 === 1 && i % 3 !== 2).every((r) => r.status === 413)).toBe(true);
    expect((peak - before) / 1024 / 1024).toBeLessThan(50);
    expect(started).toHaveLength(0);
  });

  it('an unsigned body is refused 401 before it is read', async () => {
    const r = await streamForged(srv.url, 24 * 1024 * 1024, { declare: true });
    expect(r.status).toBe(401);
  });

  it('a header that never ends is cut after the headers timeout', { timeout: 10_000 }, async () => {
    const t = Date.now();
    const closed = await new Promise<string>((resolve) => {
      const s = connect(Number(new URL(srv.url).port), '127.0.0.1', () => s.write('POST /webhooks HTTP/1.1\r\nhost: x\r\nx-slow: '));
      let answer = '';
      s.on('data', (b) => (answer += b.toString()));
      s.on('close', () => resolve(answer));
      s.on('error', () => undefined);
    });
    expect(Date.now() - t).toBeLessThan(4000);
    expect(closed === '' || closed.startsWith('HTTP/1.1 408')).toBe(true);
  });
});

describe('signed but malformed payloads (finding 10): 400 with a code, never 500', () => {
  const post = (event: string, delivery: string, body: string) =>
    fetch(`${srv.url}/webhooks`, {
      method: 'POST',
      body,
      headers: { 'x-github-event': event, 'x-github-delivery': delivery, 'x-hub-signature-256': signPayload(secret, body) },
    });
  const pr = pullRequestEvent({ owner: 'acme', repo: 'flows', installationId: 7, action: 'opened', number: 3, headSha: 'a'.repeat(40) }) as Record<
    string,
    unknown
  >;
  const comment = issueCommentEvent({
    owner: 'acme',
    repo: 'flows',
    installationId: 7,
    number: 12,
    commentId: 5,
    body: '/flowops help',
    login: 'maya',
  }) as Record<string, unknown>;
  const push = pushEvent({ owner: 'acme', repo: 'flows', installationId: 7, after: 'b'.repeat(40) }) as Record<string, unknown>;
  const cases: Array<[string, string, string]> = [
    ['not JSON', 'push', '{"ref": "refs/heads/main",'],
    ['a JSON array', 'push', '[1,2]'],
    ['JSON null', 'push', 'null'],
    ['pull_request without pull_request', 'pull_request', JSON.stringify({ ...pr, pull_request: undefined })],
    ['pull_request without head', 'pull_request', JSON.stringify({ ...pr, pull_request: { ...(pr.pull_request as object), head: undefined } })],
    ['issue_comment whose comment has no id', 'issue_comment', JSON.stringify({ ...comment, comment: { ...(comment.comment as object), id: undefined } })],
    ['push without after', 'push', JSON.stringify({ ...push, after: undefined })],
  ];
  for (const [what, event, body] of cases) {
    it(`${what} → 400 FLOW_WEBHOOK_MALFORMED`, async () => {
      const res = await post(event, `m-${what.replace(/\W+/g, '-')}`, body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'FLOW_WEBHOOK_MALFORMED' });
    });
  }

  it('a malformed copy does not mark the delivery as seen: its valid redelivery starts the work', async () => {
    const before = started.length;
    expect((await post('push', 'dd-1', '{"broken":')).status).toBe(400);
    const valid = await post('push', 'dd-1', JSON.stringify(push));
    expect(valid.status).toBe(202);
    expect(started.slice(before)).toEqual([`gh-drift-acme-flows-${'b'.repeat(40)}`]);
    expect((await post('push', 'dd-1', JSON.stringify(push))).status).toBe(200); // now it is a duplicate
  });
});

describe('connection cap', () => {
  it('connections beyond maxConnections are dropped while the others are served', { timeout: 15_000 }, async () => {
    const capped = await startWebhookServer({
      secret,
      maxBodyBytes: CAP,
      start,
      port: 0,
      host: '127.0.0.1',
      limits: { maxConnections: 2, headersTimeoutMs: 3000, requestTimeoutMs: 3000 },
    });
    const port = Number(new URL(capped.url).port);
    const open = (): Promise<{ closedAt: number | undefined }> =>
      new Promise((resolve) => {
        const state = { closedAt: undefined as number | undefined };
        const s = connect(port, '127.0.0.1', () => resolve(state));
        s.on('close', () => (state.closedAt = Date.now()));
        s.on('error', () => undefined);
      });
    try {
      const held = [await open(), await open()];
      const third = await open();
      await new Promise((r) => setTimeout(r, 300));
      expect(third.closedAt).toBeDefined(); // the server closed the surplus connection at once
      expect(held.every((h) => h.closedAt === undefined)).toBe(true);
    } finally {
      await capped.close();
    }
  });
});
