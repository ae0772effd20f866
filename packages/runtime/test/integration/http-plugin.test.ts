/** The real http plugin against local servers: retries of a flaky endpoint, forEach concurrency. */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import httpWorker from '@flowops/plugin-http/worker';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SecretResolver, StaticSecretProvider } from '../../src/secrets';
import { createFlowopsWorker } from '../../src/worker';
import { type TestEnv, args, connect, ir, run, sleepMs } from './helpers';

let env: TestEnv;
let server: Server;
let base = '';
let stop: () => Promise<void>;
let taskQueue = '';
const hits = new Map<string, number>();
let active = 0;
let peak = 0;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = req.url ?? '';
    const n = (hits.get(url) ?? 0) + 1;
    hits.set(url, n);
    if (url.startsWith('/flaky') && n <= 2) {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"try later"}');
      return;
    }
    active++;
    peak = Math.max(peak, active);
    await sleepMs(url.startsWith('/work') ? 200 : 0);
    active--;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url, n }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  env = await connect();
  taskQueue = `it-http-${Date.now()}`;
  const { worker } = await createFlowopsWorker({
    connection: env.native,
    taskQueue,
    plugins: [httpWorker],
    secrets: new SecretResolver({ providers: { env: new StaticSecretProvider({}) } }),
  });
  const running = worker.run();
  stop = async () => {
    worker.shutdown();
    await running;
  };
});
afterAll(async () => {
  await stop?.();
  await env?.close();
  server?.close();
});

test('http.get retries a server that answers 503 twice, then succeeds', async () => {
  const wf = ir([
    {
      id: 'get',
      type: 'action',
      uses: 'http.get@1',
      effect: 'read',
      with: { url: `${base}/flaky/1` },
      retry: { maxAttempts: 3, backoff: 'exponential', initialInterval: '100ms' },
    },
  ]);
  const result = await run(env, taskQueue, args(wf));
  expect(result.steps[0]).toMatchObject({ status: 'succeeded', attempt: 3 });
  expect((result.steps[0]!.output as { status: number; body: unknown }).body).toEqual({ url: '/flaky/1', n: 3 });
  expect(hits.get('/flaky/1')).toBe(3);
});

test('forEach over http.get never has more than maxParallel requests in flight', async () => {
  peak = 0;
  const wf = ir([
    {
      id: 'each',
      type: 'forEach',
      items: '{{ input.ids }}',
      maxParallel: 3,
      steps: [{ id: 'get', type: 'action', uses: 'http.get@1', effect: 'read', with: { url: `${base}/work/{{ item }}` } }],
    },
  ]);
  const result = await run(env, taskQueue, args(wf, { ids: Array.from({ length: 10 }, (_, i) => i) }));
  expect(result.status).toBe('succeeded');
  expect(peak).toBe(3);
});
