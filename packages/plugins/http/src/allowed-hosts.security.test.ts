/**
 * The http plugin enforces the policy's host allow-list at run time (the compiler sees only
 * literal URLs): a request — or a redirect — to a host outside it fails with
 * FLOW_HTTP_HOST_NOT_ALLOWED, never retried, and nothing reaches that host. A real server on
 * 127.0.0.1; `localhost` is the same server under a host name the list does not allow.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ActionContext } from '@flowops/sdk';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GetInput, RequestInput } from './contract';
import { allowedHostLists, createImplementation, implementation } from './worker';

const ctx = (): ActionContext => ({
  workflowId: 'wf',
  runId: 'run',
  stepId: 'step',
  attempt: 1,
  dryRun: false,
  signal: new AbortController().signal,
  log: () => {},
  heartbeat: () => {},
  idempotencyKey: 'k'.repeat(32),
});

const seen: string[] = [];
let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.headers.host?.split(':')[0]} ${req.url}`);
    if (req.url?.startsWith('/to/')) {
      res.writeHead(302, { location: `http://${req.url.slice(4)}:${port}/ok` });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
afterEach(() => {
  delete process.env.FLOWOPS_HTTP_ALLOWED_HOSTS;
  seen.length = 0;
});

async function refused(p: Promise<unknown>, host: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  const f = err as ApplicationFailure;
  expect(f.type).toBe('FLOW_HTTP_HOST_NOT_ALLOWED');
  expect(f.nonRetryable).toBe(true);
  expect(f.message).toMatch(new RegExp(`^${host}:\\d+ is not an allowed host .*\\[FLOW_HTTP_HOST_NOT_ALLOWED\\]$`));
}

describe('http host allow-list', () => {
  it('FLOWOPS_HTTP_ALLOWED_HOSTS: an allowed host is called, another host is refused before anything is sent', async () => {
    process.env.FLOWOPS_HTTP_ALLOWED_HOSTS = 'api.acme.com, 127.0.0.1';
    const get = (url: string) => implementation.handlers.get.run(GetInput.parse({ url }), ctx());
    expect((await get(`http://127.0.0.1:${port}/ok`)).status).toBe(200);
    await refused(get(`http://localhost:${port}/ok`), 'localhost');
    await refused(
      implementation.handlers.request.run(RequestInput.parse({ method: 'POST', url: `http://localhost:${port}/ok`, body: { a: 1 } }), ctx()),
      'localhost',
    );
    expect(seen).toEqual([`GET 127.0.0.1 /ok`]);
  });

  it('a redirect to a host outside the list is refused; one inside is followed', async () => {
    const http = createImplementation({ allowedHosts: [['127.0.0.1']] });
    await refused(http.handlers.get.run(GetInput.parse({ url: `http://127.0.0.1:${port}/to/localhost` }), ctx()), 'localhost');
    expect(seen).toEqual([`GET 127.0.0.1 /to/localhost`]);
    expect((await http.handlers.get.run(GetInput.parse({ url: `http://127.0.0.1:${port}/to/127.0.0.1` }), ctx())).body).toEqual({ ok: true });
  });

  it('a host must pass every list (one per policy set); unset means any host', async () => {
    expect(allowedHostLists({}, { FLOWOPS_HTTP_ALLOWED_HOSTS: 'a.com,127.0.0.1; *.b.com 127.0.0.1' })).toEqual([
      ['a.com', '127.0.0.1'],
      ['*.b.com', '127.0.0.1'],
    ]);
    expect(allowedHostLists({}, {})).toEqual([]);
    const two = createImplementation({ allowedHosts: [['127.0.0.1', 'localhost'], ['127.0.0.1']] });
    await refused(two.handlers.get.run(GetInput.parse({ url: `http://localhost:${port}/ok` }), ctx()), 'localhost');
    expect((await implementation.handlers.get.run(GetInput.parse({ url: `http://localhost:${port}/ok` }), ctx())).status).toBe(200);
  });
});
