import { randomBytes } from 'node:crypto';
import { FlowError } from '@flowops/core';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, METADATA_KEY_ID } from './aes-gcm-codec';
import { codecFromEnv, dataConverterFromEnv } from './from-env';
import { parseCodecKeys } from './keys';

const newKey = () => randomBytes(32).toString('base64');
function codec(spec: string): AesGcmPayloadCodec {
  const r = parseCodecKeys(spec);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return new AesGcmPayloadCodec(r.value);
}
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('utf8');
const value = { user: 'ada', token: 'secret-value-123', n: [1, 2, 3] };

describe('AesGcmPayloadCodec', () => {
  it('round-trips a payload and hides its content', async () => {
    const c = codec(`k1:${newKey()}`);
    const original = defaultPayloadConverter.toPayload(value);
    const [encoded] = await c.encode([original]);
    expect(text(encoded?.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encoded?.metadata?.[METADATA_KEY_ID])).toBe('k1');
    expect(Buffer.from(encoded?.data ?? []).includes('secret-value-123')).toBe(false);
    const [decoded] = await c.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(value);
    expect(text(decoded?.metadata?.encoding)).toBe('json/plain');
  });

  it('uses a fresh IV for each payload', async () => {
    const c = codec(`k1:${newKey()}`);
    const p = defaultPayloadConverter.toPayload(value);
    const [a, b] = await c.encode([p, p]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('passes unencrypted payloads through decode', async () => {
    const p = defaultPayloadConverter.toPayload('plain');
    const [d] = await codec(`k1:${newKey()}`).decode([p]);
    expect(d).toBe(p);
  });

  it('rotates: the old key still decrypts, the new key encrypts', async () => {
    const oldKey = newKey();
    const before = codec(`old:${oldKey}`);
    const [oldPayload] = await before.encode([defaultPayloadConverter.toPayload(value)]);
    const after = codec(`new:${newKey()},old:${oldKey}`);
    expect(after.currentKeyId).toBe('new');
    const [decoded] = await after.decode([oldPayload!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(value);
    const [fresh] = await after.encode([defaultPayloadConverter.toPayload(value)]);
    expect(text(fresh?.metadata?.[METADATA_KEY_ID])).toBe('new');
    await expect(before.decode([fresh!])).rejects.toThrow(/key id "new"/);
  });

  it('names an unknown key id, never a key', async () => {
    const k1 = newKey();
    const k2 = newKey();
    const [p] = await codec(`k1:${k1}`).encode([defaultPayloadConverter.toPayload(value)]);
    const err = await codec(`k2:${k2}`)
      .decode([p!])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FlowError);
    expect((err as FlowError).code).toBe('FLOW_CODEC_ERROR');
    expect((err as FlowError).message).toMatch(/key id "k1"/);
    expect((err as FlowError).message).not.toContain(k1);
    expect((err as FlowError).message).not.toContain(k2);
  });

  it('rejects tampered ciphertext', async () => {
    const c = codec(`k1:${newKey()}`);
    const [p] = await c.encode([defaultPayloadConverter.toPayload(value)]);
    const data = new Uint8Array(p!.data!);
    data[20] = (data[20] ?? 0) ^ 0x01;
    await expect(c.decode([{ ...p!, data }])).rejects.toThrow(/FLOW_CODEC_ERROR/);
    const truncated = p!.data!.slice(0, 10);
    await expect(c.decode([{ ...p!, data: truncated }])).rejects.toThrow(/failed authentication/);
  });

  it('rejects the same key id holding a different key', async () => {
    const [p] = await codec(`k1:${newKey()}`).encode([defaultPayloadConverter.toPayload(value)]);
    await expect(codec(`k1:${newKey()}`).decode([p!])).rejects.toThrow(/failed authentication/);
  });
});

describe('parseCodecKeys', () => {
  it('accepts a list; the first key is current', () => {
    const r = parseCodecKeys(` a:${newKey()} , b:${newKey()} `);
    expect(r.ok && r.value.current.id).toBe('a');
    expect(r.ok && [...r.value.keys.keys()]).toEqual(['a', 'b']);
  });

  it('reports every bad entry with a hint and without key material', () => {
    const short = Buffer.from('too-short').toString('base64');
    const r = parseCodecKeys(`a:${short},a:${newKey()},a:${newKey()},bad id:${newKey()},nocolon,c:%%%`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const messages = r.issues.map((i) => i.message);
    expect(messages).toEqual([
      expect.stringMatching(/key "a" is 9 bytes; AES-256 needs exactly 32 bytes/),
      expect.stringMatching(/entry 3 .* key id "a" is used more than once/),
      expect.stringMatching(/entry 4 .* key id "bad id" must be/),
      expect.stringMatching(/entry 5 .* is not "<key-id>:<base64 key>"/),
      expect.stringMatching(/key "c" is not valid base64/),
    ]);
    expect(r.issues.every((i) => i.code === 'FLOW_CODEC_ERROR' && i.hint?.includes('openssl rand -base64 32'))).toBe(true);
    expect(messages.join('\n')).not.toContain(short);
  });
});

describe('dataConverterFromEnv', () => {
  it('is undefined without keys', () => {
    expect(dataConverterFromEnv({})).toBeUndefined();
    expect(dataConverterFromEnv({ FLOWOPS_CODEC_KEYS: ' ' })).toBeUndefined();
  });
  it('builds the codec from FLOWOPS_CODEC_KEYS', () => {
    const dc = dataConverterFromEnv({ FLOWOPS_CODEC_KEYS: `k:${newKey()}` });
    expect(dc?.payloadCodecs?.[0]).toBeInstanceOf(AesGcmPayloadCodec);
  });
  it('throws a coded error on bad keys', () => {
    expect(() => codecFromEnv({ FLOWOPS_CODEC_KEYS: 'k:abc' })).toThrow(/FLOW_CODEC_ERROR/);
  });
});
