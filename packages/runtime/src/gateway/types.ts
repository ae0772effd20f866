/**
 * Options of the webhook gateway and what its handlers share.
 * @module
 */
import type { EnvValuesSource } from '@flowops/sdk';
import type { Client } from '@temporalio/client';
import type { InputLimits } from '../client/input-limits';
import type { WebhookKeys } from '../keys/keys-client';
import type { ResolveDefinition } from './definitions';
import type { RateLimit } from './rate-limit';

/** One structured log line (never a header, a body or a key: prefixes only). */
export type GatewayLog = (fields: Record<string, unknown> & { msg: string }) => void;

export interface GatewayOptions {
  client: Client;
  /** Task queue runs start on (the environment's). */
  taskQueue: string;
  keys: WebhookKeys;
  /** The active definition of a workflow (see `cachedDefinitions`). */
  definitions: ResolveDefinition;
  /** The environment runs take their `env()` values from. */
  environment?: EnvValuesSource | undefined;
  /** Base of the status URLs in answers (default: `http://<Host header>`). */
  publicUrl?: string | undefined;
  /** Per key (default `DEFAULT_RATE_LIMIT`). */
  rateLimit?: RateLimit | undefined;
  /** Largest accepted body (default: the input size limit, 512 KiB). */
  maxBodyBytes?: number | undefined;
  /** A key's last use is recorded at most this often per gateway process (default 60 s). */
  touchIntervalMs?: number | undefined;
  inputLimits?: InputLimits | undefined;
  log?: GatewayLog | undefined;
}

/** Headers a key may come in: `Authorization: Bearer <key>` or `X-Flowops-Key: <key>`. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && /^Bearer /i.test(auth)) return auth.slice(7).trim();
  const key = headers['x-flowops-key'];
  return typeof key === 'string' ? key.trim() : undefined;
}
