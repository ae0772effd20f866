import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signPayload, verifySignature } from './signature';

describe('webhook signature', () => {
  it('matches GitHub’s published test vector', () => {
    // https://docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
    const sig = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    expect(signPayload("It's a Secret to Everybody", 'Hello, World!')).toBe(sig);
    expect(verifySignature("It's a Secret to Everybody", 'Hello, World!', sig)).toBe(true);
  });

  it('refuses forged, missing, malformed and other-secret signatures', () => {
    const body = '{"a":1}';
    const good = signPayload('s3cret', body);
    expect(verifySignature('s3cret', body, good)).toBe(true);
    expect(verifySignature('s3cret', `${body} `, good)).toBe(false);
    expect(verifySignature('other', body, good)).toBe(false);
    expect(verifySignature('s3cret', body, undefined)).toBe(false);
    expect(verifySignature('s3cret', body, good.toUpperCase())).toBe(false);
    expect(verifySignature('s3cret', body, `sha1=${good.slice(7)}`)).toBe(false);
    expect(verifySignature('', body, signPayload('', body))).toBe(false);
  });

  it('never throws and accepts only its own signature', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (secret, body, header) => {
        const r = verifySignature(secret || 'x', body, header);
        expect(r).toBe(false);
      }),
    );
  });
});
