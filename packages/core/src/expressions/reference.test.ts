import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbReference } from './arbitraries.test-helpers';
import { type Reference, parseReference, printReference, referenceValue } from './reference';

function parsed(text: string): Reference {
  const r = parseReference(text);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

function code(text: string): string | undefined {
  const r = parseReference(text);
  return r.ok ? undefined : r.issues[0]?.code;
}

describe('parseReference', () => {
  it('parses every root', () => {
    expect(parsed('input')).toEqual({ root: 'input', path: [], text: 'input' });
    expect(parsed('input.user.name')).toEqual({ root: 'input', path: ['user', 'name'], text: 'input.user.name' });
    expect(parsed('steps.fetch-user.output.body[0]["content type"]')).toEqual({
      root: 'steps',
      stepId: 'fetch-user',
      field: 'output',
      path: ['body', 0, 'content type'],
      text: 'steps.fetch-user.output.body[0]["content type"]',
    });
    expect(parsed('steps.check.status')).toMatchObject({ root: 'steps', stepId: 'check', field: 'status', path: [] });
    expect(parsed('env.REGION')).toMatchObject({ root: 'env', path: ['REGION'] });
    expect(parsed('secret.API_TOKEN')).toMatchObject({ root: 'secret', path: ['API_TOKEN'] });
    expect(parsed('item.id')).toMatchObject({ root: 'item', path: ['id'] });
    expect(parsed('index')).toMatchObject({ root: 'index', path: [] });
  });

  it('normalises bracket access to dots in text', () => {
    expect(parsed('input["user"]["a-b"]').text).toBe('input.user.a-b');
    expect(parsed('input["0"]').text).toBe('input["0"]');
    expect(parsed('input["say \\"hi\\""]').path).toEqual(['say "hi"']);
  });

  it("reads another root name as the item of an enclosing forEach's `as`", () => {
    expect(parsed('region.cluster')).toMatchObject({ root: 'item', loop: 'region', path: ['cluster'], text: 'region.cluster' });
    expect(parsed('outer-env["a b"]').text).toBe('outer-env["a b"]');
    expect(parsed('item.x').loop).toBeUndefined();
  });

  it('rejects bad references with FLOW_INVALID_REFERENCE and a hint', () => {
    for (const bad of [
      '',
      'Foo.bar',
      'secrets.X',
      'items.x',
      'step.x.output',
      'steps',
      'steps.Bad_Id.output',
      'steps.x',
      'steps.x.result',
      'steps.x.status.code',
      'env',
      'env.A.B',
      'secret',
      'secret.a-b',
      'index.x',
      'input.',
      'input..a',
      'input[01]',
      'input[-1]',
      "input['x']",
      'input[x]',
      'input.a b',
      'input.0',
      'input["unterminated]',
    ]) {
      expect(code(bad), bad).toBe('FLOW_INVALID_REFERENCE');
      const r = parseReference(bad);
      if (!r.ok) expect(r.issues[0]?.hint, bad).toBeTruthy();
    }
  });

  it('hints at common slips', () => {
    const r = parseReference('secrets.X');
    expect(!r.ok && r.issues[0]?.hint).toMatch(/secret\.NAME/);
  });
});

describe('reference properties', () => {
  it('parse(print(ref)) = ref', () => {
    fc.assert(
      fc.property(arbReference, (ref) => {
        expect(parsed(printReference(ref))).toEqual(ref);
      }),
    );
  });
  it('parseReference never throws', () => {
    fc.assert(fc.property(fc.string(), (s) => typeof parseReference(s).ok === 'boolean'));
  });
  it('referenceValue wraps in braces', () => {
    expect(referenceValue(parsed('input.a'))).toBe('{{ input.a }}');
  });
});
