/**
 * The token-less codec server answers only requests addressed to itself (DNS rebinding, issue 9
 * finding 10): a page on evil.example re-pointed at 127.0.0.1 sends `Host: evil.example:<port>`
 * and gets 421 with a coded body, never a decrypted payload. Default CORS origins match the UI URL
 * the CLI prints.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AesGcmPayloadCodec } from './aes-gcm-codec';
import { type CodecServer, startCodecServer } from './codec-server';
import { devUiUrl, hostAllowed, parseHostHeader, uiOrigins } from './host-check';
import { parseCodecKeys } from './keys';
import { payloadToJson } from './payload-json';

const keys = parseCodecKeys(`k1:${randomBytes(32).toString('base64')}`);
if (!keys.ok) throw new Error('bad test keys');
const codec = new AesGcmPayloadCodec(keys.value);
const SECRET = 'rebinding-secret-plaintext';

/** A raw request with a chosen Host header (fetch does not let a test set it). */
function send(port: number, o: { host?: string; method?: string; path?: string; body?: string; headers?: Record<string, string> }) {
  return new Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...o.headers };
    if (o.host !== undefined) headers.host = o.host;
    const req = request(
      { host: '127.0.0.1', port, method: o.method ?? 'POST', path: o.path ?? '/decode', headers, setHost: o.host === undefined ? false : undefined },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

let encrypted: string;
let open: CodecServer;
let listed: CodecServer;

beforeAll(async () => {
  const [payload] = await codec.encode([defaultPayloadConverter.toPayload({ secret: SECRET })]);
  encrypted = JSON.stringify({ payloads: [payloadToJson(payload!)] });
  open = await startCodecServer({ codec, port: 0 });
  listed = await startCodecServer({ codec, port: 0, allowedHosts: ['codec.internal', 'ui.example:9443'] });
});
afterAll(async () => {
  await open?.close();
  await listed?.close();
});

describe('codec server without a token: Host check (DNS rebinding)', () => {
  it('decrypts for the loopback names with its own port', async () => {
    for (const host of [`127.0.0.1:${open.port}`, `localhost:${open.port}`, `LOCALHOST:${open.port}`, `[::1]:${open.port}`]) {
      const res = await send(open.port, { host, body: encrypted });
      expect(res.status, host).toBe(200);
      expect(Buffer.from(JSON.parse(res.body).payloads[0].data, 'base64').toString()).toContain(SECRET);
    }
  });

  it('refuses a rebound name, another port, a lookalike and a missing Host with 421 and a coded body', async () => {
    const hosts = [
      `evil.example:${open.port}`,
      'evil.example',
      `127.0.0.1:${open.port + 1}`,
      '127.0.0.1',
      `localhost.evil.example:${open.port}`,
      `127.0.0.1.nip.io:${open.port}`,
    ];
    for (const host of hosts) {
      const res = await send(open.port, { host, body: encrypted, headers: { origin: 'http://evil.example' } });
      expect(res.status, host).toBe(421);
      expect(res.body).not.toContain(SECRET);
      const body = JSON.parse(res.body);
      expect(body.code, host).toBe('FLOW_NOT_ALLOWED');
      expect(body.error).toMatch(/not served by this codec server .*To fix: open it as http:\/\/127\.0\.0\.1:\d+.*\[FLOW_NOT_ALLOWED\]$/);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
    // No Host header at all: Node's HTTP/1.1 parser answers 400 before the handler.
    const none = await send(open.port, { body: encrypted });
    expect([400, 421]).toContain(none.status);
    expect(none.body).not.toContain(SECRET);
    // Preflights and health checks too: a rebound page learns nothing.
    expect((await send(open.port, { host: `evil.example:${open.port}`, method: 'OPTIONS', headers: { origin: 'http://evil.example' } })).status).toBe(421);
    expect((await send(open.port, { host: `evil.example:${open.port}`, method: 'GET', path: '/healthz' })).status).toBe(421);
  });

  it('serves the hosts of an explicit allow-list (any port for a bare name, one port for name:port)', async () => {
    const ok = [`codec.internal:${listed.port}`, 'codec.internal', 'CODEC.internal:443', 'ui.example:9443', `localhost:${listed.port}`];
    for (const host of ok) expect((await send(listed.port, { host, body: encrypted })).status, host).toBe(200);
    for (const host of ['ui.example:9444', 'ui.example', 'evil.example']) expect((await send(listed.port, { host, body: encrypted })).status, host).toBe(421);
  });

  it('with a token and no allow-list, any Host may ask (the token is the check); with an allow-list, Host is checked too', async () => {
    const tokened = await startCodecServer({ codec, port: 0, token: 'tkn' });
    const both = await startCodecServer({ codec, port: 0, token: 'tkn', allowedHosts: ['codec.internal'] });
    try {
      const auth = { authorization: 'Bearer tkn' };
      expect((await send(tokened.port, { host: 'codec.example.com', body: encrypted, headers: auth })).status).toBe(200);
      expect((await send(tokened.port, { host: 'codec.example.com', body: encrypted })).status).toBe(401);
      expect((await send(both.port, { host: 'codec.example.com', body: encrypted, headers: auth })).status).toBe(421);
      expect((await send(both.port, { host: 'codec.internal', body: encrypted, headers: auth })).status).toBe(200);
    } finally {
      await tokened.close();
      await both.close();
    }
  });
});

describe('default CORS origins', () => {
  it('allow the dev server UI under 127.0.0.1 (what `flowops dev` prints) and localhost', async () => {
    for (const origin of ['http://127.0.0.1:8233', 'http://localhost:8233', 'http://[::1]:8233']) {
      const res = await send(open.port, { host: `127.0.0.1:${open.port}`, method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
      expect(res.status, origin).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(origin);
    }
    const other = await send(open.port, { host: `127.0.0.1:${open.port}`, method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:9999' } });
    expect(other.status).toBe(403);
  });

  it('uiOrigins: a loopback UI URL under every loopback name, any other URL as its origin', () => {
    expect(uiOrigins()).toEqual(['http://127.0.0.1:8233', 'http://localhost:8233', 'http://[::1]:8233']);
    // the URL the CLI prints (devUiUrl) is one of the default origins, for any UI port
    expect(devUiUrl()).toBe('http://127.0.0.1:8233');
    expect(devUiUrl(9123)).toBe('http://127.0.0.1:9123');
    expect(uiOrigins()).toContain(devUiUrl());
    expect(uiOrigins(devUiUrl(9123))).toEqual(['http://127.0.0.1:9123', 'http://localhost:9123', 'http://[::1]:9123']);
    expect(uiOrigins('http://localhost:8080/namespaces/default')).toEqual(['http://127.0.0.1:8080', 'http://localhost:8080', 'http://[::1]:8080']);
    expect(uiOrigins('https://temporal.example.com/ns')).toEqual(['https://temporal.example.com']);
  });

  it('parseHostHeader / hostAllowed edge cases', () => {
    expect(parseHostHeader('[::1]:8888')).toEqual({ hostname: '[::1]', port: 8888 });
    expect(parseHostHeader('Example.COM')).toEqual({ hostname: 'example.com', port: 80 });
    expect(parseHostHeader('a:b:c')).toBeUndefined();
    expect(parseHostHeader('evil.example:8888@127.0.0.1')).toBeUndefined();
    expect(hostAllowed('127.0.0.1:8888', { port: 8888 })).toBe(true);
    expect(hostAllowed('0.0.0.0:8888', { port: 8888 })).toBe(false);
    expect(hostAllowed(undefined, { port: 8888 })).toBe(false);
  });
});
