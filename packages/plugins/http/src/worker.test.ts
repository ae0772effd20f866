import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ActionContext } from '@flowops/sdk';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetInput, RequestInput } from './contract';
import { implementation, parseRetryAfter } from './worker';

const ctx = (over: Partial<ActionContext> = {}): ActionContext => ({
  workflowId: 'wf',
  runId: 'run',
  stepId: 'step',
  attempt: 1,
  dryRun: false,
  signal: new AbortController().signal,
  log: () => {},
  heartbeat: () => {},
  idempotencyKey: 'k'.repeat(32),
  ...over,
});

const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];
let server: Server;
let base: string;

function route(req: IncomingMessage, res: ServerResponse, body: string) {
  const url = new URL(req.url ?? '/', 'http://x');
  switch (url.pathname) {
    case '/json':
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'r1' });
      return res.end(JSON.stringify({ ok: true, q: url.searchParams.get('q'), echo: body ? JSON.parse(body) : null }));
    case '/text':
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('hello');
    case '/created':
      res.writeHead(201, { 'content-type': 'application/vnd.api+json' });
      return res.end('{"id":7}');
    case '/limited':
      res.writeHead(429, { 'retry-after': '7', 'content-type': 'application/json' });
      return res.end('{"error":"slow down"}');
    case '/unavailable':
      res.writeHead(503, { 'retry-after': new Date(Date.now() + 5_000).toUTCString() });
      return res.end();
    case '/missing':
      res.writeHead(404);
      return res.end('nope');
    case '/broken':
      res.writeHead(500);
      return res.end('oops');
    case '/slow':
      setTimeout(() => res.end('late'), 2_000);
      return;
    default:
      res.writeHead(404);
      return res.end();
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      route(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
);

const get = (input: Partial<GetInput> & { url: string }) => implementation.handlers.get.run(GetInput.parse(input), ctx());
const request = (input: Partial<RequestInput> & { url: string; method: RequestInput['method'] }, c = ctx()) =>
  implementation.handlers.request.run(RequestInput.parse(input), c);

async function failure(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

describe('http plugin', () => {
  it('GETs JSON with query parameters and returns status, headers and parsed body', async () => {
    const res = await get({ url: `${base}/json`, query: { q: 'a b' } });
    expect(res).toMatchObject({ status: 200, body: { ok: true, q: 'a b', echo: null } });
    expect(res.headers['x-request-id']).toBe('r1');
    expect((await get({ url: `${base}/text` })).body).toBe('hello');
    expect((await get({ url: `${base}/json`, method: 'HEAD' })).body).toBeNull();
  });

  it('sends JSON bodies and parses +json responses', async () => {
    const res = await request({ method: 'POST', url: `${base}/json`, body: { v: 2 }, headers: { 'x-trace': 't' } });
    expect(res.body).toMatchObject({ echo: { v: 2 } });
    const last = seen.at(-1);
    expect(last?.headers['content-type']).toBe('application/json');
    expect(last?.headers['x-trace']).toBe('t');
    expect((await request({ method: 'PUT', url: `${base}/created` })).body).toEqual({ id: 7 });
  });

  it('turns 429 with Retry-After into a retryable failure carrying the delay', async () => {
    const f = await failure(get({ url: `${base}/limited` }));
    expect(f.type).toBe('FLOW_PLUGIN_ERROR');
    expect(f.nonRetryable).toBe(false);
    expect(f.nextRetryDelay).toBe(7_000);
    expect(f.details?.[0]).toMatchObject({ status: 429, retryAfterMs: 7_000, body: { error: 'slow down' } });
    const u = await failure(get({ url: `${base}/unavailable` }));
    expect(u.nextRetryDelay).toBeGreaterThan(3_000);
    expect(u.nextRetryDelay).toBeLessThanOrEqual(5_000);
  });

  it('checks expectStatus; 4xx are not retried, 5xx are', async () => {
    const nf = await failure(get({ url: `${base}/missing` }));
    expect(nf.nonRetryable).toBe(true);
    expect(nf.message).toMatch(/answered 404, expected a 2xx status .*\[FLOW_PLUGIN_ERROR\]$/);
    expect((await get({ url: `${base}/missing`, expectStatus: [200, 404] })).status).toBe(404);
    const wrong = await failure(get({ url: `${base}/created`, expectStatus: 200 }));
    expect(wrong.message).toContain('answered 201, expected status 200');
    const broken = await failure(get({ url: `${base}/broken` }));
    expect(broken.nonRetryable).toBe(false);
    expect(broken.nextRetryDelay).toBeUndefined();
  });

  it('times out with a retryable failure', async () => {
    const started = Date.now();
    const f = await failure(get({ url: `${base}/slow`, timeoutMs: 200 }));
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(f.message).toContain('timed out after 200 ms');
    expect(f.nonRetryable).toBe(false);
  });

  it('propagates activity cancellation instead of wrapping it', async () => {
    const ac = new AbortController();
    const p = request({ method: 'GET', url: `${base}/slow` }, ctx({ signal: ac.signal }));
    setTimeout(() => ac.abort(new Error('cancelled')), 50);
    await expect(p).rejects.toThrow('cancelled');
  });

  it('rejects bad URLs without retrying and reports unreachable hosts as retryable', async () => {
    expect((await failure(get({ url: 'not a url' }))).nonRetryable).toBe(true);
    expect((await failure(get({ url: 'file:///etc/passwd' }))).nonRetryable).toBe(true);
    const closed = await failure(get({ url: 'http://127.0.0.1:1/x' }));
    expect(closed.nonRetryable).toBe(false);
  });

  it('simulates write requests in a dry-run without sending anything', async () => {
    const before = seen.length;
    const dry = implementation.handlers.request.dryRun;
    expect(dry).toBeDefined();
    const res = await dry!(RequestInput.parse({ method: 'DELETE', url: `${base}/json?x=1`, expectStatus: 204 }), ctx({ dryRun: true }));
    expect(res).toEqual({ status: 204, headers: { 'x-flowops-dry-run': 'true' }, body: { dryRun: true, method: 'DELETE', url: `${base}/json` } });
    expect(seen.length).toBe(before);
    expect(implementation.handlers.get.dryRun).toBeUndefined();
  });

  it('parses Retry-After forms', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('999999')).toBe(3_600_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
