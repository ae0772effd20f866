/**
 * The encodings a secret may take on its way out of a process, for tests that prove none of them
 * leaks: raw, upper/lower case, base64, base64url, hex (both cases), URL-encoding (both `%`-hex
 * cases, `+` for spaces) and JSON escapes. Written independently of the redactor it checks.
 * @module
 */

/** Each encoding of `secret`, by name. */
export function secretEncodings(secret: string): Record<string, string> {
  const bytes = Buffer.from(secret, 'utf8');
  const url = encodeURIComponent(secret);
  return {
    raw: secret,
    upper: secret.toUpperCase(),
    lower: secret.toLowerCase(),
    base64: bytes.toString('base64'),
    base64NoPad: bytes.toString('base64').replace(/=+$/, ''),
    base64url: bytes.toString('base64url'),
    hexLower: bytes.toString('hex'),
    hexUpper: bytes.toString('hex').toUpperCase(),
    urlUpper: url,
    urlLower: url.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    urlPlus: url.replace(/%20/g, '+'),
    jsonEscaped: JSON.stringify(secret).slice(1, -1),
  };
}

/**
 * Names of the encodings of `secret` found in `text` (`[]` when none).
 * @example
 * expect(leakedEncodings(stdout, SECRET)).toEqual([]);
 */
export function leakedEncodings(text: string, secret: string): string[] {
  return Object.entries(secretEncodings(secret))
    .filter(([, form]) => text.includes(form))
    .map(([name]) => name);
}
