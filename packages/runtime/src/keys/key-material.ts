/**
 * Webhook key material: `flk_<8 hex>_<43 base64url>` (32 random bytes). The prefix
 * (`flk_<8 hex>`) names the key in lists and logs; only the SHA-256 of the whole key is stored.
 * @module
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY_PATTERN = /^(flk_[0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

/** A new key and what is stored of it. The key is shown once and then forgotten. */
export interface NewKey {
  key: string;
  prefix: string;
  hash: string;
}

/** SHA-256 (hex) of a key. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Generate a key (crypto-random). */
export function generateKey(): NewKey {
  const prefix = `flk_${randomBytes(4).toString('hex')}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashKey(key) };
}

/** The prefix of a well-formed key, else undefined (nothing else is parsed out of it). */
export function keyPrefix(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}

/** Whether `key` hashes to `hash`, in constant time. */
export function keyMatches(key: string, hash: string): boolean {
  const a = Buffer.from(hashKey(key), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
