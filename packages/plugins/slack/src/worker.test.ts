import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ActionContext } from '@flowops/sdk';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostMessageInput } from './contract';
import { implementation } from './worker';

const ctx: ActionContext = {
  workflowId: 'wf',
  runId: 'r',
  stepId: 'notify',
  attempt: 1,
  dryRun: false,
  signal: new AbortController().signal,
  log: () => {},
  heartbeat: () => {},
  idempotencyKey: 'k'.repeat(32),
};
const received: Array<{ url: string; headers: IncomingMessage['headers']; body: unknown }> = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body: JSON.parse(body || 'null') });
      if (req.url === '/services/T0/B0/ok') res.end('ok');
      else if (req.url === '/services/T0/B0/limited') res.writeHead(429, { 'retry-after': '30' }).end('rate_limited');
      else res.writeHead(404).end('no_service');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const post = (input: Partial<PostMessageInput> & { webhookUrl: string }) =>
  implementation.handlers.postMessage.run(PostMessageInput.parse({ text: 'Deployed api', ...input }), ctx);

describe('slack plugin', () => {
  it('posts the message as Slack JSON', async () => {
    expect(await post({ webhookUrl: `${base}/services/T0/B0/ok`, threadTs: '123.4', blocks: [{ type: 'divider' }] })).toEqual({ ok: true });
    expect(received.at(-1)).toMatchObject({
      url: '/services/T0/B0/ok',
      headers: { 'content-type': 'application/json' },
      body: { text: 'Deployed api', thread_ts: '123.4', blocks: [{ type: 'divider' }] },
    });
  });

  it('retries rate limits after Retry-After and never leaks the webhook path', async () => {
    const err = (await post({ webhookUrl: `${base}/services/T0/B0/limited` }).catch((e: unknown) => e)) as ApplicationFailure;
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err.nonRetryable).toBe(false);
    expect(err.nextRetryDelay).toBe(30_000);
    const gone = (await post({ webhookUrl: `${base}/services/T0/B0/revoked` }).catch((e: unknown) => e)) as ApplicationFailure;
    expect(gone.nonRetryable).toBe(true);
    expect(gone.message).toContain('404 (no_service)');
    for (const e of [err, gone]) expect(e.message).not.toContain('/services/');
  });

  it('simulates in a dry-run without posting', async () => {
    const before = received.length;
    const out = await implementation.handlers.postMessage.dryRun!(PostMessageInput.parse({ webhookUrl: `${base}/services/T0/B0/ok`, text: 'x' }), {
      ...ctx,
      dryRun: true,
    });
    expect(out).toEqual({ ok: true });
    expect(received.length).toBe(before);
    await expect(implementation.handlers.postMessage.dryRun!(PostMessageInput.parse({ webhookUrl: 'nope', text: 'x' }), ctx)).rejects.toThrow(
      /not a valid URL.*FLOW_PLUGIN_ERROR/,
    );
  });
});
