import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeValueString, parseValueString, printValueExpr } from './value-string';

describe('parseValueString', () => {
  it('classifies literal, whole-value reference and template', () => {
    expect(parseValueString('plain')).toEqual({ ok: true, value: { kind: 'literal', value: 'plain' } });
    const ref = parseValueString('{{steps.a.output.x}}');
    expect(ref.ok && ref.value.kind).toBe('ref');
    const spaced = parseValueString('{{   input.x   }}');
    expect(spaced.ok && spaced.value.kind === 'ref' && spaced.value.ref.text).toBe('input.x');
    const t = parseValueString('Hello {{ input.name }}, you are #{{ index }}!');
    expect(t.ok && t.value).toMatchObject({ kind: 'template', parts: ['Hello ', { text: 'input.name' }, ', you are #', { text: 'index' }, '!'] });
  });

  it('treats text around a single reference as a template', () => {
    const t = parseValueString(' {{ input.x }}');
    expect(t.ok && t.value.kind).toBe('template');
  });

  it('supports \\{{ as a literal brace pair', () => {
    expect(parseValueString('\\{{ not a ref }}')).toEqual({ ok: true, value: { kind: 'literal', value: '{{ not a ref }}' } });
    const t = parseValueString('\\{{x}} {{ input.a }}');
    expect(t.ok && t.value).toMatchObject({ kind: 'template', parts: ['{{x}} ', { text: 'input.a' }] });
  });

  it('finds the closing braces outside quoted keys', () => {
    const r = parseValueString('{{ input["a}}b"] }}');
    expect(r.ok && r.value.kind === 'ref' && r.value.ref.path).toEqual(['a}}b']);
  });

  it('reports malformed templates', () => {
    const unclosed = parseValueString('Hello {{ input.name');
    expect(!unclosed.ok && unclosed.issues[0]?.code).toBe('FLOW_INVALID_TEMPLATE');
    expect(!unclosed.ok && unclosed.issues[0]?.hint).toMatch(/\}\}/);
    const empty = parseValueString('a {{ }} b');
    expect(!empty.ok && empty.issues[0]?.code).toBe('FLOW_INVALID_TEMPLATE');
    const bad = parseValueString('{{ Nope.x }}');
    expect(!bad.ok && bad.issues[0]?.code).toBe('FLOW_INVALID_REFERENCE');
  });

  it('escape then parse yields the original literal', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(parseValueString(escapeValueString(s))).toEqual({ ok: true, value: { kind: 'literal', value: s } });
      }),
    );
  });

  it('print(parse(s)) parses to the same thing and never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('{', '}', '\\', ' ', 'a', 'input', '.', 'x', '"') }), (s) => {
        const r = parseValueString(s);
        const e = r.ok ? r.value : undefined;
        const tricky = e?.kind === 'template' && e.parts.some((p, i) => typeof p === 'string' && p.endsWith('\\') && i < e.parts.length - 1);
        if (r.ok && e && !tricky) {
          expect(parseValueString(printValueExpr(e))).toEqual(r);
        }
      }),
    );
  });
});
