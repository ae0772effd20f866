/**
 * AES-256-GCM payload codec: every Temporal payload (workflow inputs, activity results, signals,
 * memos…) is encrypted before it leaves the client or worker, so the Temporal cluster only
 * ever stores ciphertext.
 *
 * Wire format (compatible with Temporal's TypeScript encryption sample):
 * - metadata `encoding: binary/encrypted`, `encryption-key-id: <key id>`
 * - data = iv (12 bytes) ‖ ciphertext ‖ GCM tag (16 bytes) of the original Payload,
 *   serialized with `PayloadProto.encodeDelimited`.
 *
 * Payloads without `binary/encrypted` encoding pass through `decode` untouched, so histories
 * written before encryption was enabled stay readable.
 * @module
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { FlowError } from '@flowops/core';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
// CommonJS package: Node's ESM loader exposes only its default export.
import proto from '@temporalio/proto';
import { type CodecKeyring, KEY_HINT } from './keys';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';

const { Payload: PayloadProto } = proto.temporal.api.common.v1;

const IV_BYTES = 12;
const TAG_BYTES = 16;
const ALGORITHM = 'aes-256-gcm';

const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
const text = (b: Uint8Array | null | undefined): string | undefined => (b ? Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8') : undefined);

function codecError(message: string, hint: string): FlowError {
  return new FlowError({ code: 'FLOW_CODEC_ERROR', message, hint });
}

/** Encrypts bytes with AES-256-GCM: iv ‖ ciphertext ‖ tag. */
export function encryptBytes(plain: Uint8Array, key: Buffer): Uint8Array {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return new Uint8Array(Buffer.concat([iv, body, cipher.getAuthTag()]));
}

/** Decrypts iv ‖ ciphertext ‖ tag; throws if the data was tampered with or the key is wrong. */
export function decryptBytes(data: Uint8Array, key: Buffer): Uint8Array {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length < IV_BYTES + TAG_BYTES) throw new Error('ciphertext too short');
  const iv = buf.subarray(0, IV_BYTES);
  const tag = buf.subarray(buf.length - TAG_BYTES);
  const decipher = createDecipheriv(ALGORITHM, key, iv);
  decipher.setAuthTag(tag);
  return new Uint8Array(Buffer.concat([decipher.update(buf.subarray(IV_BYTES, buf.length - TAG_BYTES)), decipher.final()]));
}

/**
 * The flowops payload codec. Build it from a keyring (see `parseCodecKeys`) or from the
 * environment with `codecFromEnv` / `dataConverterFromEnv`.
 * @example
 * const codec = new AesGcmPayloadCodec(keyring);
 * const client = new Client({ connection, dataConverter: { payloadCodecs: [codec] } });
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly keyring: CodecKeyring) {}

  /** Id of the key new payloads are encrypted with. */
  get currentKeyId(): string {
    return this.keyring.current.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keyring.current;
    return payloads.map((payload) => ({
      metadata: { [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING), [METADATA_KEY_ID]: utf8(id) },
      data: encryptBytes(PayloadProto.encodeDelimited(payload).finish(), key),
    }));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decodeOne(payload));
  }

  private decodeOne(payload: Payload): Payload {
    if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
    const keyId = text(payload.metadata?.[METADATA_KEY_ID]);
    if (!keyId) {
      throw codecError(
        `an encrypted payload has no "${METADATA_KEY_ID}" metadata, so it cannot be decrypted`,
        'the payload was not written by the flowops codec; decode it with the codec that wrote it',
      );
    }
    const key = this.keyring.keys.get(keyId);
    if (!key) {
      throw codecError(
        `a payload is encrypted with key id "${keyId}", which is not among the configured keys (${[...this.keyring.keys.keys()].join(', ')})`,
        `add the key "${keyId}" to FLOWOPS_CODEC_KEYS after the current key (old keys stay listed until no history uses them); ${KEY_HINT}`,
      );
    }
    if (!payload.data) throw codecError('an encrypted payload has no data', 'the payload is corrupt; re-run the workflow');
    let plain: Uint8Array;
    try {
      plain = decryptBytes(payload.data, key);
    } catch {
      throw codecError(
        `a payload encrypted with key id "${keyId}" failed authentication (tampered data or a different key under the same id)`,
        `check that key "${keyId}" in FLOWOPS_CODEC_KEYS is the key that encrypted this history`,
      );
    }
    return PayloadProto.decodeDelimited(plain) as Payload;
  }
}
