/**
 * Keys whose values are always redacted, whatever they hold.
 * Matching is case-insensitive and ignores `-` and `_` (`X-Api-Key`, `x_api_key`, `xApiKey`).
 * @module
 */

export const REDACTED = '[REDACTED]';

/** Exact (normalized) key names. */
export const SENSITIVE_KEYS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'apikey',
  'x-auth-token',
  'token',
  'password',
  'passwd',
  'passphrase',
  'secret',
  'private_key',
  'privatekey',
  'client_secret',
  'credentials',
] as const;

/** Key endings that mark a sensitive value (`githubToken`, `webhook_secret`, `db-password`). */
export const SENSITIVE_SUFFIXES = ['token', 'secret', 'password', 'apikey', 'privatekey', 'credentials'] as const;

export const normalizeKey = (key: string): string => key.toLowerCase().replace(/[-_\s]/g, '');

/** Builds a predicate from the defaults plus `extra` key names. */
export function sensitiveKeyMatcher(extra: readonly string[] = []): (key: string) => boolean {
  const exact = new Set([...SENSITIVE_KEYS, ...extra].map(normalizeKey));
  return (key) => {
    const k = normalizeKey(key);
    return exact.has(k) || SENSITIVE_SUFFIXES.some((s) => k.endsWith(s));
  };
}
