import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { generateKey, hashKey, keyMatches, keyPrefix } from './key-material';

describe('webhook key material', () => {
  test('flk_<8 hex>_<43 base64url>: the prefix names it, the SHA-256 of the whole key is what is stored', () => {
    const { key, prefix, hash } = generateKey();
    expect(key).toMatch(/^flk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`${prefix}_`)).toBe(true);
    expect(hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(hash).not.toContain(key.slice(13));
    expect(keyPrefix(key)).toBe(prefix);
    expect(generateKey().key).not.toBe(key);
  });

  test('only well-formed keys have a prefix; a key matches only its own hash', () => {
    const { key, hash } = generateKey();
    for (const bad of ['', 'flk_', `${key}x`, key.slice(0, -1), key.toUpperCase(), ` ${key}`]) expect(keyPrefix(bad), bad).toBeUndefined();
    expect(keyMatches(key, hash)).toBe(true);
    expect(keyMatches(generateKey().key, hash)).toBe(false);
    expect(keyMatches(key, 'abcd')).toBe(false); // a short (corrupt) record never matches
    expect(hashKey(key)).toBe(hash);
  });
});
