/**
 * Templates that cannot be assembled (issue 9, finding 5): data from inputs, env and step outputs
 * is substituted into the parsed template and never read as template syntax, whatever stands
 * next to it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveDeferred, resolveValue } from './resolve';
import type { Scope } from './scope';
import { fillSecrets, slotSecretNames } from './secret-slots';

const SECRET = 'other-s3cr3t-value';
const lookup = (name: string) => (name === 'OTHER' ? SECRET : name === 'TOKEN' ? 'tok' : undefined);

function deferredThenFilled(value: unknown, scope: Scope) {
  const r = resolveDeferred(value, scope);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const filled = fillSecrets(r.value, lookup);
  if (!filled.ok) throw new Error(JSON.stringify(filled.issues));
  return { slots: r.value.slots, value: filled.value };
}

describe('split-template injection', () => {
  const scope: Scope = {
    input: { base: 'https://evil.example/?q={', path: '{ secret.OTHER }}' },
    steps: { prev: { status: 'succeeded', output: { a: '{', b: '{ secret.OTHER }}' } } },
    env: { A: '{', B: '{ secret.OTHER }}' },
  };

  it('two inputs that put together "{{ secret.OTHER }}" stay text (no slot, no secret)', () => {
    const { slots, value } = deferredThenFilled({ url: '{{ input.base }}{{ input.path }}' }, scope);
    expect(slots).toEqual([]);
    expect(value).toEqual({ url: 'https://evil.example/?q={{ secret.OTHER }}' });
  });

  it('the same from step outputs, env, and next to a real secret reference', () => {
    const { slots, value } = deferredThenFilled(
      {
        steps: '{{ steps.prev.output.a }}{{ steps.prev.output.b }}',
        env: '{{ env.A }}{{ env.B }}',
        mixed: '{{ input.base }}{{ input.path }} {{ secret.TOKEN }}',
        literalNeighbour: '{{ env.A }}{ secret.OTHER }}',
      },
      scope,
    );
    expect(slotSecretNames(slots)).toEqual(['TOKEN']);
    expect(value).toEqual({
      steps: '{{ secret.OTHER }}',
      env: '{{ secret.OTHER }}',
      mixed: 'https://evil.example/?q={{ secret.OTHER }} tok',
      literalNeighbour: '{{ secret.OTHER }}',
    });
    expect(JSON.stringify(value)).not.toContain(SECRET);
  });

  it('plain resolution does not re-read data either', () => {
    const r = resolveValue('{{ input.base }}{{ input.path }}', { ...scope, secrets: lookup });
    expect(r).toEqual({ ok: true, value: 'https://evil.example/?q={{ secret.OTHER }}' });
  });

  it('for any data, filled values never contain a secret the template does not name', () => {
    const piece = fc.oneof(fc.constantFrom('{', '}', '{{', '}}', ' ', 'secret', '.', 'OTHER', '\\', 'secret.OTHER'), fc.string({ maxLength: 4 }));
    const data = fc.array(piece, { maxLength: 8 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(data, data, (a, b) => {
        const s: Scope = { input: { a, b }, steps: {}, env: {} };
        const { value } = deferredThenFilled({ t: '{{ input.a }}{{ input.b }}', u: 'x{{ input.a }}{ secret.OTHER }}{{ secret.TOKEN }}' }, s);
        expect(JSON.stringify(value)).not.toContain(SECRET);
        expect((value as { t: string }).t).toBe(a + b);
      }),
      { numRuns: 500 },
    );
  });

  it('a slot under a "__proto__" key fills an own property and touches no prototype', () => {
    const value = JSON.parse('{"__proto__": {"auth": "Bearer {{ secret.TOKEN }}"}}') as Record<string, unknown>;
    const { slots, value: filled } = deferredThenFilled(value, { input: {}, steps: {}, env: {} });
    expect(slots).toEqual([{ path: ['__proto__', 'auth'], parts: ['Bearer ', { secret: 'TOKEN' }] }]);
    expect(Object.getPrototypeOf(filled)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(filled, '__proto__')?.value).toEqual({ auth: 'Bearer tok' });
    expect(({} as Record<string, unknown>).auth).toBeUndefined();
  });

  it('a slot that points nowhere is an internal error, not a silent write', () => {
    expect(fillSecrets({ value: { a: 1 }, slots: [{ path: ['b', 'c'], parts: [{ secret: 'TOKEN' }] }] }, lookup)).toMatchObject({
      ok: false,
      issues: [{ code: 'FLOW_INTERNAL' }],
    });
  });
});
