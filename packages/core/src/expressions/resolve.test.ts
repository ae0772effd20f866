import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectReferences, secretNames } from './collect';
import { resolveDeferred, resolveValue } from './resolve';
import { fillSecrets } from './secret-slots';
import type { Scope } from './scope';

const scope: Scope = {
  input: { user: { name: 'Ada', tags: ['a', 'b'] }, count: 3, env: 'prod', nothing: null, 'key with space': 1 },
  steps: {
    fetch: { output: { body: { id: 42, items: [{ v: 1 }] } }, status: 'succeeded' },
    skipped: { status: 'skipped' },
  },
  env: { REGION: 'eu-west-1' },
  item: { id: 'x1' },
  index: 2,
};

const value = (v: unknown, s: Scope = scope) => {
  const r = resolveValue(v, s);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};
const issues = (v: unknown, s: Scope = scope) => {
  const r = resolveValue(v, s);
  if (r.ok) throw new Error(`expected failure, got ${JSON.stringify(r.value)}`);
  return r.issues;
};

describe('resolveValue', () => {
  it("reads an enclosing forEach's item by its `as` name, and fails an unbound name", () => {
    const nested: Scope = { ...scope, loops: { region: { cluster: 'c-1' } } };
    expect(value('{{ region.cluster }}/{{ item.id }}', nested)).toBe('c-1/x1');
    expect(issues('{{ region.cluster }}')[0]?.code).toBe('FLOW_INVALID_REFERENCE');
    expect(issues('{{ constructor }}', nested)[0]?.code).toBe('FLOW_INVALID_REFERENCE');
  });

  it('keeps the type of whole-value references', () => {
    expect(value('{{ steps.fetch.output.body }}')).toEqual({ id: 42, items: [{ v: 1 }] });
    expect(value('{{ input.count }}')).toBe(3);
    expect(value('{{ index }}')).toBe(2);
    expect(value('{{ item.id }}')).toBe('x1');
    expect(value('{{ input["key with space"] }}')).toBe(1);
    expect(value('{{ steps.fetch.status }}')).toBe('succeeded');
    expect(value('{{ steps.fetch.output.body.items[0].v }}')).toBe(1);
    expect(value('{{ input.user.tags.length }}')).toBe(2);
  });

  it('gives undefined for a missing path in a whole-value reference', () => {
    expect(value('{{ input.nope.deeper }}')).toBeUndefined();
    expect(value('{{ steps.skipped.output.x }}')).toBeUndefined();
    expect(value('{{ env.MISSING }}')).toBeUndefined();
  });

  it('never reads inherited properties', () => {
    expect(value('{{ input.constructor }}')).toBeUndefined();
    expect(value('{{ input.user.__proto__ }}')).toBeUndefined();
    expect(value('{{ input.user.tags.map }}')).toBeUndefined();
  });

  it('interpolates templates', () => {
    expect(value('Hi {{ input.user.name }} in {{ env.REGION }} #{{ index }}')).toBe('Hi Ada in eu-west-1 #2');
    expect(value('tags={{ input.user.tags }} n={{ input.nothing }} ok={{ input.count }}')).toBe('tags=["a","b"] n=null ok=3');
  });

  it('fails a template whose reference resolves to nothing', () => {
    const [i] = issues({ url: 'https://api/users/{{ input.id }}' });
    expect(i).toMatchObject({ code: 'FLOW_INVALID_TEMPLATE', path: 'url' });
    expect(i?.message).toContain('input.id');
  });

  it('walks objects and arrays and reports every issue with its path', () => {
    expect(value({ a: ['{{ input.count }}', 'x'], b: { c: '{{ item }}' }, n: 1, t: true, z: null })).toEqual({
      a: [3, 'x'],
      b: { c: { id: 'x1' } },
      n: 1,
      t: true,
      z: null,
    });
    const all = issues({ a: '{{ steps.ghost.output }}', b: ['{{ input.x'] });
    expect(all.map((i) => [i.code, i.path])).toEqual([
      ['FLOW_INVALID_REFERENCE', 'a'],
      ['FLOW_INVALID_TEMPLATE', 'b[0]'],
    ]);
  });

  it('fails an unknown step with FLOW_INVALID_REFERENCE', () => {
    expect(issues('{{ steps.ghost.output.x }}')[0]?.code).toBe('FLOW_INVALID_REFERENCE');
    expect(issues('a {{ steps.ghost.status }}')[0]?.code).toBe('FLOW_INVALID_REFERENCE');
  });

  it('unescapes \\{{', () => {
    expect(value('\\{{ literal }}')).toBe('{{ literal }}');
  });
});

describe('secrets', () => {
  const withSecrets: Scope = { ...scope, secrets: (n) => (n === 'TOKEN' ? 's3cr3t' : undefined) };

  it('resolves secrets when a resolver has them', () => {
    expect(value('Bearer {{ secret.TOKEN }}', withSecrets)).toBe('Bearer s3cr3t');
    expect(value('{{ secret.TOKEN }}', withSecrets)).toBe('s3cr3t');
  });

  it('reports a missing secret by name, never a value', () => {
    for (const s of [scope, withSecrets]) {
      const [i] = issues({ h: 'Bearer {{ secret.OTHER }}' }, s);
      expect(i).toMatchObject({ code: 'FLOW_SECRET_MISSING', path: 'h' });
      expect(i?.message).toContain('OTHER');
    }
    const throwing: Scope = {
      ...scope,
      secrets: () => {
        throw new Error('vault said s3cr3t');
      },
    };
    const [i] = issues('{{ secret.TOKEN }}', throwing);
    expect(JSON.stringify(i)).not.toContain('s3cr3t');
  });

  it('resolveDeferred leaves secret references in slots and resolves the rest', () => {
    const r = resolveDeferred(
      {
        auth: 'Bearer {{ secret.TOKEN }}',
        raw: '{{ secret.TOKEN }}',
        user: '{{ input.user.name }}',
        n: '{{ input.count }}',
        list: ['{{ env.REGION }}/{{ secret.K }}'],
      },
      scope,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.value).toEqual({ auth: 'Bearer {{ secret.TOKEN }}', raw: '{{ secret.TOKEN }}', user: 'Ada', n: 3, list: ['eu-west-1/{{ secret.K }}'] });
    expect(r.value.slots).toEqual([
      { path: ['auth'], parts: ['Bearer ', { secret: 'TOKEN' }] },
      { path: ['raw'], parts: [{ secret: 'TOKEN' }] },
      { path: ['list', 0], parts: ['eu-west-1/', { secret: 'K' }] },
    ]);
    const final = fillSecrets(r.value, (n) => (n === 'TOKEN' ? 's3cr3t' : n === 'K' ? 'k3y' : undefined));
    expect(final).toEqual({ ok: true, value: { auth: 'Bearer s3cr3t', raw: 's3cr3t', user: 'Ada', n: 3, list: ['eu-west-1/k3y'] } });
    expect(fillSecrets(r.value, () => undefined)).toMatchObject({ ok: false, issues: [{ code: 'FLOW_SECRET_MISSING' }] });
  });

  it('resolveDeferred never lets data smuggle in a secret reference', () => {
    const evil: Scope = { ...scope, input: { msg: '{{ secret.TOKEN }}', obj: { m: 'x {{ secret.TOKEN }}' } } };
    const r = resolveDeferred({ a: '{{ input.msg }}', b: 'say {{ input.msg }}', c: '{{ input.obj }}', d: '\\{{ secret.TOKEN }}' }, evil);
    expect(r.ok && r.value.slots).toEqual([]);
    const final = r.ok ? fillSecrets(r.value, () => 's3cr3t') : r;
    expect(final).toEqual({
      ok: true,
      value: { a: '{{ secret.TOKEN }}', b: 'say {{ secret.TOKEN }}', c: { m: 'x {{ secret.TOKEN }}' }, d: '{{ secret.TOKEN }}' },
    });
  });

  it('secretNames lists every secret, sorted and unique', () => {
    expect(secretNames({ a: '{{ secret.B }}', b: ['x {{ secret.A }} {{ secret.B }}'], c: '{{ input.x }}', d: '{{ bad' })).toEqual(['A', 'B']);
    expect(secretNames({ op: 'exists', ref: 'secret.C' })).toEqual(['C']);
    expect(secretNames('\\{{ secret.NOT }}')).toEqual([]);
  });
});

describe('collectReferences', () => {
  it('collects from values in document order', () => {
    const r = collectReferences({ a: '{{ input.x }}', b: ['{{ steps.s.output }} and {{ env.E }}'] });
    expect(r.ok && r.value.map((x) => x.text)).toEqual(['input.x', 'steps.s.output', 'env.E']);
  });
  it('collects from conditions', () => {
    const r = collectReferences({
      op: 'and',
      conditions: [
        { op: 'eq', left: '{{ input.a }}', right: 1 },
        { op: 'not', condition: { op: 'exists', ref: 'item.b' } },
      ],
    });
    expect(r.ok && r.value.map((x) => x.text)).toEqual(['input.a', 'item.b']);
  });
  it('reports bad references with their path', () => {
    const r = collectReferences({ op: 'eq', left: '{{ Nope }}', right: 1 }, 'condition');
    expect(!r.ok && r.issues[0]).toMatchObject({ code: 'FLOW_INVALID_REFERENCE', path: 'left' });
  });
});

describe('resolveValue never throws', () => {
  const arbRefString = fc.constantFrom(
    '{{ input }}',
    '{{ input.a.b }}',
    '{{ item[0] }}',
    '{{ index }}',
    '{{ env.A }}',
    '{{ secret.S }}',
    '{{ steps.a.output.x }}',
    '{{ steps.a.status }}',
    'x {{ input.a }} y',
    '{{ input',
    '{{ bad }}',
    '\\{{ x }}',
  );
  const arbValue = fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      fc.jsonValue(),
      arbRefString,
      fc.array(tie('v'), { maxLength: 3 }),
      fc.dictionary(fc.string(), tie('v'), { maxKeys: 3 }),
    ),
  })).v;
  const arbScope = fc.record({
    input: fc.anything(),
    steps: fc.oneof(fc.dictionary(fc.constantFrom('a', 'b'), fc.anything()), fc.anything()),
    env: fc.anything(),
    item: fc.anything(),
    index: fc.anything(),
    secrets: fc.option(fc.func(fc.option(fc.string()))),
  }) as fc.Arbitrary<unknown> as fc.Arbitrary<Scope>;

  it('returns ok or coded issues for arbitrary values and scopes', () => {
    fc.assert(
      fc.property(arbValue, arbScope, fc.boolean(), (v, s, keep) => {
        const r = keep ? resolveDeferred(v, s) : resolveValue(v, s);
        if (!r.ok) {
          expect(r.issues.length).toBeGreaterThan(0);
          for (const i of r.issues) expect(i.code).not.toBe('FLOW_INTERNAL');
        }
      }),
      { numRuns: 500 },
    );
  });
});
