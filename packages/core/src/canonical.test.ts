import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical';
import { FlowError } from './codes';
import { hashJson, hashWorkflow, sha256Hex } from './hash';
import type { WorkflowInput } from './ir';

/** Same JSON value with keys inserted in reverse order, recursively. */
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(
      Object.keys(v)
        .reverse()
        .map((k) => [k, reverseKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

describe('canonicalJson', () => {
  it('sorts keys, drops whitespace and undefined, normalises -0', () => {
    expect(canonicalJson({ b: 1, a: [true, null, -0, 'x'], c: undefined, é: { z: 1, A: 2 } })).toBe('{"a":[true,null,0,"x"],"b":1,"é":{"A":2,"z":1}}');
    expect(canonicalJson([undefined])).toBe('[null]');
    expect(canonicalJson(1e21)).toBe('1e+21');
    expect(canonicalJson('\u2028"\n')).toBe('"\u2028\\"\\n"');
  });

  it('sorts keys by UTF-16 code units (RFC 8785)', () => {
    // "\u20ac" (€) sorts before "\ud83d\ude00" (😀) by code unit, and capitals before lowercase
    expect(canonicalJson({ '😀': 1, '€': 2, a: 3, B: 4 })).toBe('{"B":4,"a":3,"€":2,"😀":1}');
  });

  it('rejects what JSON cannot carry', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 1n, () => 1, Symbol('x'), new Date(0), new Map()]) {
      expect(() => canonicalJson({ a: [bad] }), String(bad)).toThrow(FlowError);
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cycle/);
    // shared (non-cyclic) references are fine
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it('is independent of key order and round-trips through JSON.parse', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const c = canonicalJson(v);
        expect(canonicalJson(reverseKeys(v))).toBe(c);
        expect(canonicalJson(JSON.parse(c))).toBe(c);
      }),
    );
  });
});

describe('hashing', () => {
  it('sha256Hex matches the known vector', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashJson({ b: 1, a: 2 })).toBe(`sha256:${sha256Hex('{"a":2,"b":1}')}`);
  });

  const base: WorkflowInput = {
    apiVersion: 'flowops/v1',
    kind: 'Workflow',
    name: 'deploy',
    version: '1.0.0',
    owner: '@acme/platform',
    input: { type: 'object' },
    steps: [{ id: 'ping', type: 'action', uses: 'http.request@1', effect: 'read', with: { url: 'https://x' } }],
  };

  it('hashes equivalent definitions equally (defaults applied, key order ignored)', () => {
    const explicit = { ...base, triggers: [{ type: 'manual' as const }] };
    expect(hashWorkflow(explicit)).toBe(hashWorkflow(base));
    expect(hashWorkflow(reverseKeys(base) as WorkflowInput)).toBe(hashWorkflow(base));
    expect(hashWorkflow(base)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('changes when the meaning changes', () => {
    const other: WorkflowInput = { ...base, steps: [{ ...base.steps[0]!, with: { url: 'https://y' } } as never] };
    expect(hashWorkflow(other)).not.toBe(hashWorkflow(base));
  });

  it('refuses an invalid definition with FLOW_SCHEMA_INVALID', () => {
    try {
      hashWorkflow({ ...base, name: 'Not Kebab' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FlowError);
      expect((e as FlowError).code).toBe('FLOW_SCHEMA_INVALID');
    }
  });
});
