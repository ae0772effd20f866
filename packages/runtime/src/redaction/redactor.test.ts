import { ApplicationFailure } from '@temporalio/common';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor } from './redactor';
import { REDACTED } from './sensitive-keys';

/** Every string (keys included) inside a JSON-like value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  return [];
}

/** Arbitrary JSON in which `secret` is embedded in some strings and keys (raw or encoded). */
function jsonWithSecret(secret: string) {
  const forms = [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), Buffer.from(`user:${secret}`).toString('base64')];
  const text = fc.oneof(
    fc.string(),
    fc.tuple(fc.string(), fc.constantFrom(...forms), fc.string(), fc.constantFrom('', secret)).map((p) => p.join('')),
  );
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      text,
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(text, tie('value'), { maxKeys: 4 }),
    ),
  }));
  return value;
}

const secretArb = fc
  .oneof(fc.string({ minLength: 4, maxLength: 24 }), fc.string({ minLength: 4, maxLength: 24, unit: 'grapheme' }))
  .filter((s) => !REDACTED.includes(s));

describe('createRedactor', () => {
  it('property: a secret embedded anywhere in arbitrary JSON never survives', () => {
    fc.assert(
      fc.property(
        secretArb.chain((secret) => fc.tuple(fc.constant(secret), jsonWithSecret(secret))),
        ([secret, value]) => {
          const out = createRedactor([secret]).redact(value);
          for (const s of strings(out)) {
            expect(s).not.toContain(secret);
            expect(s).not.toContain(encodeURIComponent(secret));
            expect(s).not.toContain(Buffer.from(secret).toString('base64'));
          }
          expect(JSON.stringify(out)).not.toContain(JSON.stringify(secret).slice(1, -1));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('redacts secrets inside base64 at any alignment (e.g. Basic auth)', () => {
    const r = createRedactor(['s3cr3t-p4ssw0rd']);
    for (const prefix of ['', 'a', 'ab', 'abc', 'user:']) {
      const b64 = Buffer.from(`${prefix}s3cr3t-p4ssw0rd!`).toString('base64');
      expect(r.redactText(`Basic ${b64}`)).toContain(REDACTED);
    }
  });

  it('redacts sensitive keys case-insensitively and leaves the rest alone', () => {
    const r = createRedactor([]);
    const out = r.redact({
      headers: { Authorization: 'Bearer abc', 'Set-Cookie': ['a=b'], 'X-Api-Key': 'k', 'content-type': 'json' },
      githubToken: 'ghp_x',
      db_password: 'pw',
      private_key: '---',
      apiKey: 'k2',
      token: null,
      tokens: 3,
      name: 'ok',
      list: [{ secret: { nested: true } }],
    });
    expect(out).toEqual({
      headers: { Authorization: REDACTED, 'Set-Cookie': REDACTED, 'X-Api-Key': REDACTED, 'content-type': 'json' },
      githubToken: REDACTED,
      db_password: REDACTED,
      private_key: REDACTED,
      apiKey: REDACTED,
      token: null,
      tokens: 3,
      name: 'ok',
      list: [{ secret: REDACTED }],
    });
  });

  it('does not mutate its input, handles cycles, ignores too-short secrets', () => {
    const input: Record<string, unknown> = { a: 'xx-hunter2-xx' };
    input.self = input;
    const out = createRedactor(['hunter2', 'ab']).redact(input);
    expect(out).toEqual({ a: `xx-${REDACTED}-xx`, self: '[Circular]' });
    expect(input.a).toBe('xx-hunter2-xx');
    expect(createRedactor(['ab']).redactText('abc')).toBe('abc');
  });

  it('collapses text where the secret reappears across replacements', () => {
    expect(createRedactor([']abc']).redactText(']]abcabc')).not.toContain(']abc');
  });

  it('redacts error messages, stacks, causes and failure details', () => {
    const r = createRedactor(['tok-123456']);
    const cause = new Error('upstream said tok-123456');
    const err = ApplicationFailure.create({ message: 'failed with tok-123456', type: 'X', details: [{ t: 'tok-123456' }], cause });
    r.redactError(err);
    expect(err.message).toBe(`failed with ${REDACTED}`);
    expect(err.stack).not.toContain('tok-123456');
    expect(err.details).toEqual([{ t: REDACTED }]);
    expect(cause.message).toBe(`upstream said ${REDACTED}`);
  });
});
