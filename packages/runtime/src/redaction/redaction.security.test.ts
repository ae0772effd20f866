/**
 * Redaction by value in every encoding a secret takes on the way out (issue 9, finding 9): raw,
 * upper/lower case, base64, base64url, hex (both cases), url-encoding (both %-hex cases) — alone,
 * inside longer strings, inside JSON, in keys, in errors and in log lines.
 */
import { ApplicationFailure } from '@temporalio/common';
import { leakedEncodings, secretEncodings } from '@flowops/testing/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging';
import { createRedactor } from './redactor';
import { REDACTED } from './sensitive-keys';

const SECRET = 'Pw-Zq81/xLm+N0?pQ rs=T';

function assertClean(text: string, secret = SECRET): void {
  expect(leakedEncodings(text, secret), text).toEqual([]);
}

describe('redaction of every encoding', () => {
  const r = createRedactor([SECRET]);

  for (const [name, form] of Object.entries(secretEncodings(SECRET))) {
    it(`${name}: alone, inside a longer string, inside JSON text and as a key`, () => {
      expect(r.redactText(form)).toBe(REDACTED);
      const long = `prefix-${form}-suffix and again:${form}.`;
      const out = r.redactText(long);
      expect(out).toBe(`prefix-${REDACTED}-suffix and again:${REDACTED}.`);
      const json = JSON.stringify({ body: { echoed: `x${form}y`, list: [form] }, [form]: 1 });
      assertClean(r.redactText(json));
      assertClean(JSON.stringify(r.redact(JSON.parse(json))));
    });
  }

  it('mixed-case variants of the raw value', () => {
    const mixed = [...SECRET].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join('');
    expect(r.redactText(`a ${mixed} b`)).toBe(`a ${REDACTED} b`);
  });

  it('base64 and hex of a secret inside a longer encoded payload (any byte alignment)', () => {
    for (const prefix of ['', 'u', 'us', 'user:']) {
      const b64 = Buffer.from(`${prefix}${SECRET}!!`).toString('base64');
      const hex = Buffer.from(`${prefix}${SECRET}!!`).toString('hex');
      expect(r.redactText(b64)).toContain(REDACTED);
      expect(r.redactText(hex)).toContain(REDACTED);
      expect(r.redactText(hex.toUpperCase())).toContain(REDACTED);
      assertClean(r.redactText(hex.toUpperCase()));
    }
  });

  it('errors (message, stack, details, cause) and log lines', () => {
    const hex = Buffer.from(SECRET).toString('hex').toUpperCase();
    const cause = new Error(`inner ${SECRET.toUpperCase()}`);
    const err = ApplicationFailure.create({ message: `outer ${hex}`, details: [{ h: hex }], cause });
    r.redactError(err);
    assertClean(`${err.message} ${err.stack} ${JSON.stringify(err.details)} ${cause.message} ${cause.stack}`);
    const lines: string[] = [];
    const log = createLogger({
      name: 't',
      redactor: () => r,
      destination: { write: (l: string) => lines.push(l) },
    });
    log.info({ echoed: hex, lower: SECRET.toLowerCase() }, `got ${encodeURIComponent(SECRET).toLowerCase()}`);
    expect(lines.join('')).not.toBe('');
    assertClean(lines.join(''));
  });

  it('property: any secret in any encoding inside arbitrary text never survives', () => {
    const secretArb = fc.string({ minLength: 6, maxLength: 20 }).filter((s) => !REDACTED.toLowerCase().includes(s.toLowerCase()));
    fc.assert(
      fc.property(secretArb, fc.string(), fc.string(), fc.constantFrom(...Object.keys(secretEncodings('x'))), (secret, a, b, which) => {
        const form = secretEncodings(secret)[which]!;
        const out = createRedactor([secret]).redactText(`${a}${form}${b}`);
        expect(out.includes(form)).toBe(false);
      }),
      { numRuns: 400 },
    );
  });
});
