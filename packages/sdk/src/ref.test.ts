import { FlowError } from '@flowops/core';
import { describe, expect, it } from 'vitest';
import { cast, isRef, ref, refText, refValue } from './ref';
import { toValue } from './serialize';
import { env, secret, tpl } from './template';

describe('handles', () => {
  const out = ref<{ body: unknown }>('steps.fetch-user.output');

  it('build reference paths from property accesses', () => {
    expect(refText(out.body.id)).toBe('steps.fetch-user.output.body.id');
    expect(refText(out.body.items[0].name)).toBe('steps.fetch-user.output.body.items[0].name');
    expect(refText(out.body['content-type'])).toBe('steps.fetch-user.output.body.content-type');
    expect(refText(out.body['with space'])).toBe('steps.fetch-user.output.body["with space"]');
    expect(refValue(cast<{ id: string }>(out.body).id)).toBe('{{ steps.fetch-user.output.body.id }}');
  });

  it('print as their braced reference (template literals, JSON, String)', () => {
    expect(`${out.body.id}`).toBe('{{ steps.fetch-user.output.body.id }}');
    expect(String(out.body)).toBe('{{ steps.fetch-user.output.body }}');
    expect(JSON.stringify({ a: out.body.id })).toBe('{"a":"{{ steps.fetch-user.output.body.id }}"}');
  });

  it('are recognised, and are not thenable (awaiting one does not hang)', async () => {
    expect(isRef(out.body)).toBe(true);
    expect(isRef('{{ input.x }}')).toBe(false);
    expect(isRef({})).toBe(false);
    expect(Object.keys(out.body)).toEqual([]);
    const awaited = await Promise.resolve(out.body);
    expect(isRef(awaited)).toBe(true);
  });

  it('serialise anywhere inside a value', () => {
    expect(toValue({ a: [out.body.id, 1, null], b: { c: true }, d: undefined })).toEqual({
      a: ['{{ steps.fetch-user.output.body.id }}', 1, null],
      b: { c: true },
    });
  });

  it('refuse values JSON cannot hold, with a code', () => {
    expect(() => toValue({ when: new Date(0) })).toThrowError(FlowError);
    expect(() => toValue({ n: Number.NaN })).toThrow(/\[FLOW_SCHEMA_INVALID\]/);
    expect(() => toValue({ f: () => 1 })).toThrow(/value\.f holds function/);
  });
});

describe('tpl, secret, env', () => {
  it('builds template strings from handles and literals', () => {
    const input = ref<{ apiBase: string; userId: string }>('input');
    expect(tpl`${input.apiBase}/users/${input.userId}?n=${3}&x=${null}`).toBe('{{ input.apiBase }}/users/{{ input.userId }}?n=3&x=');
    expect(tpl`plain`).toBe('plain');
  });

  it('makes secret and env references, never values', () => {
    process.env.GITHUB_TOKEN = 'ghp_should_never_appear';
    expect(refValue(secret('GITHUB_TOKEN'))).toBe('{{ secret.GITHUB_TOKEN }}');
    expect(refValue(env('API_BASE'))).toBe('{{ env.API_BASE }}');
    expect(JSON.stringify(toValue({ t: secret('GITHUB_TOKEN') }))).not.toContain('ghp_');
  });

  it('rejects malformed names with FLOW_INVALID_REFERENCE', () => {
    try {
      secret('github-token');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FlowError);
      expect((e as FlowError).code).toBe('FLOW_INVALID_REFERENCE');
      expect((e as FlowError).message).toMatch(/To fix: .*\[FLOW_INVALID_REFERENCE\]$/);
    }
    expect(() => env('1X')).toThrow(/FLOW_INVALID_REFERENCE/);
  });
});
