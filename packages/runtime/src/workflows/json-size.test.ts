import { describe, expect, test } from 'vitest';
import { deeperThan, jsonByteLength, tracePreview, utf8Length } from './json-size';

const nested = (levels: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
};

describe('json sizes', () => {
  test('depth is counted without recursion, even 100 000 levels deep', () => {
    expect(deeperThan(nested(64), 64)).toBe(false);
    expect(deeperThan(nested(65), 64)).toBe(true);
    expect(deeperThan([[[]]], 3)).toBe(false);
    expect(deeperThan([[[[]]]], 3)).toBe(true);
    expect(deeperThan(nested(100_000), 64)).toBe(true);
    expect(deeperThan('text', 0)).toBe(false);
  });
  test('utf-8 length matches Buffer', () => {
    for (const s of ['', 'abc', 'é', '€', '😀', 'a😀é€']) expect(utf8Length(s), s).toBe(Buffer.byteLength(s));
    expect(jsonByteLength({ a: 'é' })).toBe(Buffer.byteLength('{"a":"é"}'));
  });
  test('large values become previews with their size; small ones stay as they are', () => {
    const small = { id: 1, name: 'x' };
    expect(tracePreview(small)).toBe(small);
    const big = { rows: 'x'.repeat(100_000) };
    const p = tracePreview(big) as { truncated: boolean; bytes: number; preview: string };
    expect(p).toMatchObject({ truncated: true, bytes: jsonByteLength(big) });
    expect(p.preview.length).toBeLessThan(1100);
    expect(tracePreview(3)).toBe(3);
  });
});
