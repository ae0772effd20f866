/**
 * GitHub webhook signatures: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`,
 * compared in constant time — on a whole body, or chunk by chunk as the body streams in.
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER = /^sha256=[0-9a-f]{64}$/;

/** The `X-Hub-Signature-256` value GitHub sends for this body. */
export function signPayload(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** True for a header of the only form GitHub sends (`sha256=` + 64 lower-case hex digits). */
export function wellFormedSignature(header: unknown): header is string {
  return typeof header === 'string' && HEADER.test(header);
}

/** An HMAC fed as the body arrives; `matches()` once at the end compares in constant time. */
export interface StreamingSignature {
  update(chunk: Buffer): void;
  matches(): boolean;
}

/** Starts a streaming check of `header` (never throws; a malformed header never matches). */
export function streamingSignature(secret: string, header: string | undefined): StreamingSignature {
  const hmac = createHmac('sha256', secret || 'unset');
  return {
    update: (chunk) => void hmac.update(chunk),
    matches() {
      if (!secret || !wellFormedSignature(header)) return false;
      const expected = Buffer.from(`sha256=${hmac.digest('hex')}`, 'utf8');
      const given = Buffer.from(header, 'utf8');
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}

/** True only for a well-formed header whose HMAC matches; never throws. */
export function verifySignature(secret: string, body: string | Buffer, header: string | undefined): boolean {
  const check = streamingSignature(secret, header);
  check.update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  return check.matches();
}
