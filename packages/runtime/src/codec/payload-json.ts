/**
 * Temporal's codec-server JSON form of payloads: `{ metadata: { key: base64 }, data: base64 }`
 * (protobuf JSON mapping of `temporal.api.common.v1.Payload`).
 * @module
 */
import type { Payload } from '@temporalio/common';
import { z } from 'zod';

export const JsonPayload = z.object({
  metadata: z.record(z.string(), z.string()).nullish(),
  data: z.string().nullish(),
});
export type JsonPayload = z.infer<typeof JsonPayload>;

/** The body of `POST /encode` and `POST /decode`, and of their responses. */
export const JsonPayloads = z.object({ payloads: z.array(JsonPayload) });
export type JsonPayloads = z.infer<typeof JsonPayloads>;

const fromB64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
const toB64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

export function payloadFromJson({ metadata, data }: JsonPayload): Payload {
  return {
    metadata: metadata ? Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, fromB64(v)])) : {},
    data: data ? fromB64(data) : new Uint8Array(0),
  };
}

export function payloadToJson({ metadata, data }: Payload): JsonPayload {
  return {
    metadata: metadata ? Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, toB64(v)])) : {},
    data: data ? toB64(data) : '',
  };
}
