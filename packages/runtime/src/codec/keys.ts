/**
 * Codec keys: parsing and validating `FLOWOPS_CODEC_KEYS`.
 *
 * Format: a comma-separated list of `<key-id>:<base64 of 32 random bytes>`, e.g.
 * `2025-06:q4H…=,2025-01:Zx1…=`. The FIRST entry is the current key (new payloads are
 * encrypted with it); the others only decrypt payloads written before a rotation.
 * Generate a key with `openssl rand -base64 32`.
 *
 * Error messages name key ids and positions, never key material.
 * @module
 */
import { type FlowIssue, type Result, fail, ok } from '@flowops/core';

/** The environment variable holding the codec keys. */
export const CODEC_KEYS_ENV = 'FLOWOPS_CODEC_KEYS';

/** Key ids are short labels that end up in payload metadata. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Hint shared by every key error. */
export const KEY_HINT =
  `set ${CODEC_KEYS_ENV} to "<key-id>:<base64 key>[,<old-id>:<old key>…]" (first = current key); ` + 'generate a key with `openssl rand -base64 32`';

export interface CodecKey {
  id: string;
  /** 32 bytes (AES-256). */
  key: Buffer;
}

/** Keys by id; `current` encrypts, all of them decrypt. */
export interface CodecKeyring {
  current: CodecKey;
  keys: ReadonlyMap<string, Buffer>;
}

const issue = (message: string): FlowIssue => ({ code: 'FLOW_CODEC_ERROR', message, hint: KEY_HINT });

/**
 * Parses a key list (the value of `FLOWOPS_CODEC_KEYS`). Returns every problem found, so a
 * misconfigured worker reports all bad entries at once.
 * @example
 * const r = parseCodecKeys('k2:' + newKey + ',k1:' + oldKey);
 * if (r.ok) r.value.current.id; // 'k2'
 */
export function parseCodecKeys(spec: string): Result<CodecKeyring> {
  const entries = spec
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  if (entries.length === 0) return fail(issue(`${CODEC_KEYS_ENV} holds no keys`));
  const issues: FlowIssue[] = [];
  const keys = new Map<string, Buffer>();
  const ordered: CodecKey[] = [];
  entries.forEach((entry, index) => {
    const where = `entry ${index + 1} of ${CODEC_KEYS_ENV}`;
    const colon = entry.indexOf(':');
    if (colon <= 0) {
      issues.push(issue(`${where} is not "<key-id>:<base64 key>"`));
      return;
    }
    const id = entry.slice(0, colon).trim();
    const material = entry.slice(colon + 1).trim();
    if (!KEY_ID_PATTERN.test(id)) {
      issues.push(issue(`${where}: key id "${id.slice(0, 64)}" must be 1-64 characters of letters, digits, ".", "_" or "-"`));
      return;
    }
    if (keys.has(id)) {
      issues.push(issue(`${where}: key id "${id}" is used more than once; key ids must be unique`));
      return;
    }
    if (!BASE64_PATTERN.test(material)) {
      issues.push(issue(`${where}: key "${id}" is not valid base64`));
      return;
    }
    const key = Buffer.from(material, 'base64');
    if (key.length !== 32) {
      issues.push(issue(`${where}: key "${id}" is ${key.length} bytes; AES-256 needs exactly 32 bytes`));
      return;
    }
    keys.set(id, key);
    ordered.push({ id, key });
  });
  const current = ordered[0];
  if (issues.length > 0 || !current) return fail(...issues);
  return ok({ current, keys });
}
