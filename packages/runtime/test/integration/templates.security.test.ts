/**
 * Templates that cannot be assembled (issue 9, finding 5): values from inputs are data, never
 * re-parsed as template syntax, and a step resolves only the secrets its definition names.
 * The real http plugin against a 127.0.0.1 server, a real worker and dev server.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import httpWorker from '@flowops/plugin-http/worker';
import { leakedEncodings } from '@flowops/testing/vitest';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SecretResolver, StaticSecretProvider } from '../../src/secrets';
import { type TestEnv, args, connect, ir, run, runFailure, startWorker } from './helpers';

const OTHER = 'other-Vq93kLmZ0pWx7';
const API_TOKEN = 'api-Tk55rNbq81Hs2';

let env: TestEnv;
let server: Server;
let base = '';
let stop: () => Promise<void>;
let taskQueue = '';
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      seen.push(JSON.stringify({ url: req.url, headers: req.headers, body }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: req.url }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  env = await connect();
  const secrets = new SecretResolver({ providers: { env: new StaticSecretProvider({ OTHER, API_TOKEN }) } });
  const w = await startWorker(env, [], { secrets, plugins: [httpWorker] });
  taskQueue = w.taskQueue;
  stop = () => w.stop();
});
afterAll(async () => {
  await stop?.();
  await env?.close();
  server?.close();
});

/** An http.get step of the echo server (`with` merged over the URL). */
function httpStep(w: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { id: 'call', type: 'action', uses: 'http.get@1', effect: 'read', ...extra, with: { url: `${base}/x`, ...w } };
}

const leaked = (text: string, secret: string): string[] => leakedEncodings(text, secret);

test('two hostile inputs that put together "{{ secret.OTHER }}" arrive as literal text, never as the secret', async () => {
  seen.length = 0;
  const wf = ir([
    httpStep({
      url: '{{ input.base }}{{ input.path }}',
      headers: { authorization: 'Bearer {{ secret.API_TOKEN }}', 'x-note': '{{ input.base }}{{ input.path }}' },
    }),
  ]);
  const input = { base: `${base}/echo?q={`, path: '{ secret.OTHER }}' };
  const result = await run(env, taskQueue, args(wf, input));
  expect(result.status).toBe('succeeded');
  expect(seen).toHaveLength(1);
  const request = JSON.parse(seen[0]!) as { url: string; headers: Record<string, string> };
  expect(decodeURIComponent(request.url)).toBe('/echo?q={{ secret.OTHER }}');
  expect(request.headers['x-note']).toBe(`${base}/echo?q={{ secret.OTHER }}`);
  // The secret the step does reference still arrives.
  expect(request.headers.authorization).toBe(`Bearer ${API_TOKEN}`);
  expect(leaked(seen[0]!, OTHER)).toEqual([]);
  expect(leaked(JSON.stringify(result), OTHER)).toEqual([]);
  expect(leaked(JSON.stringify(result), API_TOKEN)).toEqual([]);
});

test('a whole input that reads "{{ secret.OTHER }}" is data too', async () => {
  seen.length = 0;
  const wf = ir([
    {
      id: 'call',
      type: 'action',
      uses: 'http.request@1',
      effect: 'write',
      with: { method: 'POST', url: `${base}/post`, body: { note: '{{ input.note }}', text: 'x {{ input.note }}' } },
    },
  ]);
  const result = await run(env, taskQueue, args(wf, { note: '{{ secret.OTHER }}' }));
  expect(result.status).toBe('succeeded');
  expect(JSON.parse(JSON.parse(seen[0]!).body)).toEqual({ note: '{{ secret.OTHER }}', text: 'x {{ secret.OTHER }}' });
  expect(leaked(seen.join(''), OTHER)).toEqual([]);
});

test('a step whose IR lists its secrets cannot resolve another one (FLOW_SECRET_NOT_REFERENCED, nothing sent)', async () => {
  seen.length = 0;
  const wf = ir([httpStep({ headers: { authorization: 'Bearer {{ secret.OTHER }}' } }, { secrets: ['API_TOKEN'] })]);
  const failure = await runFailure(env, taskQueue, args(wf));
  expect(failure.message).toContain('FLOW_SECRET_NOT_REFERENCED');
  expect(failure.message).toContain('To fix');
  expect(seen).toHaveLength(0);
  expect(leaked(JSON.stringify(failure), OTHER)).toEqual([]);
});
