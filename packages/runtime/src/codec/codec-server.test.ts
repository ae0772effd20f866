import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AesGcmPayloadCodec } from './aes-gcm-codec';
import { type CodecServer, startCodecServer, tokenMatches } from './codec-server';
import { parseCodecKeys } from './keys';
import { payloadFromJson, payloadToJson } from './payload-json';

const keys = parseCodecKeys(`k1:${randomBytes(32).toString('base64')}`);
if (!keys.ok) throw new Error('bad test keys');
const codec = new AesGcmPayloadCodec(keys.value);
const TOKEN = 'test-token-abc';
const UI = 'http://localhost:8233';
let server: CodecServer;

beforeAll(async () => {
  server = await startCodecServer({ codec, port: 0, token: TOKEN, corsOrigin: UI, maxBodyBytes: 64 * 1024 });
});
afterAll(() => server.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('codec server', () => {
  it('refuses requests without a valid token', async () => {
    const none = await fetch(`${server.url}/decode`, { method: 'POST', body: '{"payloads":[]}' });
    expect(none.status).toBe(401);
    const wrong = await post('/decode', { payloads: [] }, { Authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'missing or invalid bearer token' });
  });

  it('answers a CORS preflight from the UI origin only', async () => {
    const ok = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: { Origin: UI, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,x-namespace' },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(UI);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/Authorization.*Content-Type.*X-Namespace/);
    expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
    const evil = await fetch(`${server.url}/decode`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('encodes then decodes payloads (with X-Namespace and a namespace prefix)', async () => {
    const plain = payloadToJson(defaultPayloadConverter.toPayload({ hello: 'world' }));
    const enc = await post('/encode', { payloads: [plain] }, { Origin: UI, 'X-Namespace': 'default' });
    expect(enc.status).toBe(200);
    expect(enc.headers.get('access-control-allow-origin')).toBe(UI);
    const encoded = (await enc.json()) as { payloads: Array<{ metadata: Record<string, string>; data: string }> };
    expect(Buffer.from(encoded.payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
    const dec = await post('/default/decode', encoded);
    expect(dec.status).toBe(200);
    const decoded = (await dec.json()) as { payloads: Parameters<typeof payloadFromJson>[0][] };
    expect(defaultPayloadConverter.fromPayload(payloadFromJson(decoded.payloads[0]!))).toEqual({ hello: 'world' });
  });

  it('rejects bad bodies, oversized bodies and unknown routes', async () => {
    expect((await post('/decode', 'not json')).status).toBe(400);
    expect((await post('/decode', { nope: 1 })).status).toBe(400);
    expect((await post('/decode', { payloads: [{ data: 'x'.repeat(70 * 1024) }] })).status).toBe(413);
    expect((await post('/other', { payloads: [] })).status).toBe(404);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('returns a coded error for an unknown key id', async () => {
    const other = parseCodecKeys(`k9:${randomBytes(32).toString('base64')}`);
    if (!other.ok) throw new Error('bad keys');
    const [p] = await new AesGcmPayloadCodec(other.value).encode([defaultPayloadConverter.toPayload(1)]);
    const res = await post('/decode', { payloads: [payloadToJson(p!)] });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'FLOW_CODEC_ERROR', error: expect.stringContaining('"k9"') });
  });

  it('refuses to listen publicly without a token', async () => {
    await expect(startCodecServer({ codec, port: 0, host: '0.0.0.0' })).rejects.toThrow(/FLOW_USAGE/);
  });
});

describe('tokenMatches', () => {
  it('compares bearer tokens', () => {
    expect(tokenMatches('Bearer abc', 'abc')).toBe(true);
    expect(tokenMatches('bearer abc', 'abc')).toBe(true);
    expect(tokenMatches('Bearer abcd', 'abc')).toBe(false);
    expect(tokenMatches('abc', 'abc')).toBe(false);
    expect(tokenMatches(undefined, 'abc')).toBe(false);
  });
});
