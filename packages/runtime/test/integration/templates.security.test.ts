/**
 * Templates that cannot be assembled (issue 9, finding 5): values from inputs are data, never
 * re-parsed as template syntax, and a step resolves only the secrets its definition names.
 * The real http plugin against a 127.0.0.1 server, a real worker and dev server.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import httpWorker from '@flowops/plugin-http/worker';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { secretForms } from '../../src/redaction';
import { SecretResolver, StaticSecretProvider } from '../../src/secrets';
import { createFlowopsWorker } from '../../src/worker';
import { type TestEnv, args, connect, ir, run, runFailure } from './helpers';

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
  taskQueue = `it-tpl-http-${Date.now()}`;
  const { worker } = await createFlowopsWorker({ connection: env.native, taskQueue, plugins: [httpWorker], secrets });
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

function leaked(text: string, secret: string): string | undefined {
  return [...secretForms(secret), secret.toUpperCase(), Buffer.from(secret).toString('hex')].find((f) => text.includes(f));
}

test('two hostile inputs that put together "{{ secret.OTHER }}" arrive as literal text, never as the secret', async () => {
  seen.length = 0;
  const wf = ir([
    {
      id: 'call',
      type: 'action',
      uses: 'http.get@1',
      effect: 'read',
      with: { url: '{{ input.base }}{{ input.path }}', headers: { authorization: 'Bearer {{ secret.API_TOKEN }}', 'x-note': '{{ input.base }}{{ input.path }}' } },
    },
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
  expect(leaked(seen[0]!, OTHER)).toBeUndefined();
  expect(leaked(JSON.stringify(result), OTHER)).toBeUndefined();
  expect(leaked(JSON.stringify(result), API_TOKEN)).toBeUndefined();
});

test('a whole input that reads "{{ secret.OTHER }}" is data too', async () => {
  seen.length = 0;
  const wf = ir([{ id: 'call', type: 'action', uses: 'http.request@1', effect: 'write', with: { method: 'POST', url: `${base}/post`, body: { note: '{{ input.note }}', text: 'x {{ input.note }}' } } }]);
  const result = await run(env, taskQueue, args(wf, { note: '{{ secret.OTHER }}' }));
  expect(result.status).toBe('succeeded');
  expect(JSON.parse(JSON.parse(seen[0]!).body)).toEqual({ note: '{{ secret.OTHER }}', text: 'x {{ secret.OTHER }}' });
  expect(leaked(seen.join(''), OTHER)).toBeUndefined();
});

test('a step whose IR lists its secrets cannot resolve another one (FLOW_SECRET_NOT_REFERENCED, nothing sent)', async () => {
  seen.length = 0;
  const wf = ir([
    {
      id: 'call',
      type: 'action',
      uses: 'http.get@1',
      effect: 'read',
      secrets: ['API_TOKEN'],
      with: { url: `${base}/x`, headers: { authorization: 'Bearer {{ secret.OTHER }}' } },
    },
  ]);
  const failure = await runFailure(env, taskQueue, args(wf));
  expect(failure.message).toContain('FLOW_SECRET_NOT_REFERENCED');
  expect(failure.message).toContain('To fix');
  expect(seen).toHaveLength(0);
  expect(leaked(JSON.stringify(failure), OTHER)).toBeUndefined();
});
