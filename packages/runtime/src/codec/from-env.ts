/**
 * Building the codec from the environment (`FLOWOPS_CODEC_KEYS`).
 * @module
 */
import { fileURLToPath } from 'node:url';
import { FlowError } from '@flowops/core';
import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from './aes-gcm-codec';
import { CODEC_KEYS_ENV, parseCodecKeys } from './keys';

type Env = Record<string, string | undefined>;

/**
 * Path of the failure converter that encodes failure messages and stack traces as payloads
 * (Temporal's `DefaultFailureConverter({ encodeCommonAttributes: true })`), so the payload codec
 * encrypts them too. Workflow bundles must be built with it (`bundleWorkflowCode({ failureConverterPath })`)
 * for failures raised inside workflows to be encoded; every flowops bundle helper takes it.
 */
export const ENCRYPTED_FAILURES_PATH = fileURLToPath(new URL('./failure-converter.cjs', import.meta.url));

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
 * The data converter for `Client`/`Worker.create({ dataConverter })` configured by
 * `FLOWOPS_CODEC_KEYS`, or `undefined` when no keys are configured. See `dataConverterFromKeys`.
 * @example
 * const worker = await Worker.create({ ..., dataConverter: dataConverterFromEnv() });
 */
export function dataConverterFromEnv(env: Env = process.env): DataConverter | undefined {
  return dataConverterFromKeys(env[CODEC_KEYS_ENV]);
}

/**
 * `{ payloadCodecs: [codec], failureConverterPath: ENCRYPTED_FAILURES_PATH }` for a key list
 * (see `codecFromKeys`), or `undefined` when `spec` is empty. Payloads, failure messages and stack
 * traces are then encrypted. Clients and workers of a namespace must use the same keys.
 */
export function dataConverterFromKeys(spec: string | undefined): DataConverter | undefined {
  const codec = codecFromKeys(spec);
  return codec ? { payloadCodecs: [codec], failureConverterPath: ENCRYPTED_FAILURES_PATH } : undefined;
}

/**
 * The one way to build the data converter of a flowops environment: its `codecKeys` from
 * flowops.config.ts, otherwise `FLOWOPS_CODEC_KEYS` in `vars`; `undefined` when neither is set.
 * Use it for every Client, Worker and workflow bundle that talks to that environment.
 * @example
 * const dataConverter = dataConverterForEnvironment(resolvedEnv);
 * const client = new Client({ connection, namespace: resolvedEnv.namespace, ...(dataConverter ? { dataConverter } : {}) });
 */
export function dataConverterForEnvironment(env: { codecKeys?: string | undefined }, vars: Env = process.env): DataConverter | undefined {
  return dataConverterFromKeys(environmentCodecKeys(env, vars));
}

/** The codec of a flowops environment (same keys as `dataConverterForEnvironment`), or `undefined`. */
export function codecForEnvironment(env: { codecKeys?: string | undefined }, vars: Env = process.env): AesGcmPayloadCodec | undefined {
  return codecFromKeys(environmentCodecKeys(env, vars));
}

function environmentCodecKeys(env: { codecKeys?: string | undefined }, vars: Env): string | undefined {
  return env.codecKeys ?? vars[CODEC_KEYS_ENV];
}
