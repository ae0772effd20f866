import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ActionContext } from '@flowops/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GetInput, RequestInput } from './contract';
import { createImplementation, implementation } from './worker';

const KEY = 'a'.repeat(32);
const ctx: ActionContext = {
  workflowId: 'wf',
  runId: 'run',
  stepId: 'step',
  attempt: 2,
  dryRun: false,
  signal: new AbortController().signal,
  log: () => {},
  heartbeat: () => {},
  idempotencyKey: KEY,
};

const seen: IncomingMessage['headers'][] = [];
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function headersOf(input: Record<string, unknown>, impl = implementation): Promise<IncomingMessage['headers']> {
  seen.length = 0;
  await impl.handlers.request.run(RequestInput.parse({ url: `${base}/x`, ...input }), ctx);
  return seen[0]!;
}

describe('http idempotency keys', () => {
  test('writes carry the step key as Idempotency-Key by default; reads do not', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect((await headersOf({ method }))['idempotency-key'], method).toBe(KEY);
    expect((await headersOf({ method: 'GET' }))['idempotency-key']).toBeUndefined();
    seen.length = 0;
    await implementation.handlers.get.run(GetInput.parse({ url: `${base}/x` }), ctx);
    expect(seen[0]!['idempotency-key']).toBeUndefined();
  });
  test('off per step, a custom key, a custom header name, and a header the step set itself wins', async () => {
    expect((await headersOf({ method: 'POST', idempotencyKey: false }))['idempotency-key']).toBeUndefined();
    expect((await headersOf({ method: 'POST', idempotencyKey: 'order-42' }))['idempotency-key']).toBe('order-42');
    expect((await headersOf({ method: 'GET', idempotencyKey: true }))['idempotency-key']).toBe(KEY);
    const named = await headersOf({ method: 'POST', idempotencyHeader: 'X-Request-Id' });
    expect(named['x-request-id']).toBe(KEY);
    expect(named['idempotency-key']).toBeUndefined();
    expect((await headersOf({ method: 'POST', headers: { 'idempotency-key': 'mine' } }))['idempotency-key']).toBe('mine');
  });
  test('the worker can name the header for every step', async () => {
    const h = await headersOf({ method: 'POST' }, createImplementation({ idempotencyHeader: 'X-Idempotency-Key' }));
    expect(h['x-idempotency-key']).toBe(KEY);
  });
  test('a header name that is not a token is refused by the contract', () => {
    expect(RequestInput.safeParse({ method: 'POST', url: 'http://x', idempotencyHeader: 'bad header' }).success).toBe(false);
  });
});
