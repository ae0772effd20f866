/**
 * Building the codec from the environment (`FLOWOPS_CODEC_KEYS`).
 * @module
 */
import { FlowError } from '@flowops/core';
import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from './aes-gcm-codec';
import { CODEC_KEYS_ENV, parseCodecKeys } from './keys';

type Env = Record<string, string | undefined>;

/**
 * The codec configured by `FLOWOPS_CODEC_KEYS`, or `undefined` when the variable is unset or
 * empty (payloads then travel unencrypted). Throws a `FlowError` (FLOW_CODEC_ERROR) listing
 * every bad entry when the variable is set but invalid — a worker must not start half-configured.
 */
export function codecFromEnv(env: Env = process.env): AesGcmPayloadCodec | undefined {
  return codecFromKeys(env[CODEC_KEYS_ENV]);
}

/**
 * The codec for a key list in `FLOWOPS_CODEC_KEYS` format (e.g. an environment's resolved
 * `codecKeys` from flowops.config.ts), or `undefined` when `spec` is empty. Throws like `codecFromEnv`.
 */
export function codecFromKeys(spec: string | undefined): AesGcmPayloadCodec | undefined {
  if (spec === undefined || spec.trim() === '') return undefined;
  const parsed = parseCodecKeys(spec);
  if (!parsed.ok) {
    const [first, ...rest] = parsed.issues;
    throw new FlowError(first ?? { code: 'FLOW_CODEC_ERROR', message: `${CODEC_KEYS_ENV} is invalid` }, rest);
  }
  return new AesGcmPayloadCodec(parsed.value);
}

/**
 * `{ payloadCodecs: [codec] }` for `Client`/`Worker.create({ dataConverter })`, or `undefined`
 * when no keys are configured. Client and worker must use the same keys.
 * @example
 * const worker = await Worker.create({ ..., dataConverter: dataConverterFromEnv() });
 */
export function dataConverterFromEnv(env: Env = process.env): DataConverter | undefined {
  return dataConverterFromKeys(env[CODEC_KEYS_ENV]);
}

/** `{ payloadCodecs: [codec] }` for a key list (see `codecFromKeys`), or `undefined`. */
export function dataConverterFromKeys(spec: string | undefined): DataConverter | undefined {
  const codec = codecFromKeys(spec);
  return codec ? { payloadCodecs: [codec] } : undefined;
}
