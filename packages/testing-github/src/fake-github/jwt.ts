/**
 * Verification of a GitHub App JWT as GitHub does it: RS256 signed with the App's private key,
 * `iss` = the App id, `iat` not in the future (60 s clock drift allowed), `exp` in the future and
 * at most 10 minutes ahead.
 * @module
 */
import { type KeyObject, createVerify } from 'node:crypto';

export type JwtCheck = { ok: true; appId: string } | { ok: false; reason: string };

function b64urlJson(part: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function verifyAppJwt(token: string, publicKey: KeyObject, appId: string, nowSeconds = Math.floor(Date.now() / 1000)): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'A JSON web token could not be decoded' };
  const [h, p, s] = parts as [string, string, string];
  const header = b64urlJson(h);
  const payload = b64urlJson(p);
  if (!header || !payload) return { ok: false, reason: 'A JSON web token could not be decoded' };
  if (header.alg !== 'RS256') return { ok: false, reason: `'alg' must be RS256, got ${String(header.alg)}` };
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`${h}.${p}`);
  if (!verifier.verify(publicKey, Buffer.from(s, 'base64url'))) {
    return { ok: false, reason: "A JSON web token could not be decoded (signature doesn't match the App's public key)" };
  }
  if (String(payload.iss) !== appId) return { ok: false, reason: `'Issuer' claim ('iss') must be the App id ${appId}` };
  const iat = payload.iat;
  const exp = payload.exp;
  if (typeof iat !== 'number' || typeof exp !== 'number') return { ok: false, reason: "'iat' and 'exp' claims are required" };
  if (iat > nowSeconds + 60) return { ok: false, reason: "'Issued at' claim ('iat') must be an Integer representing a time in the past" };
  if (exp <= nowSeconds)
    return { ok: false, reason: "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires" };
  if (exp > nowSeconds + 600) return { ok: false, reason: "'Expiration time' claim ('exp') is too far in the future (at most 10 minutes)" };
  return { ok: true, appId };
}
