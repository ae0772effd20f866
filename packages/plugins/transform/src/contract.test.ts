import { describe, expect, it } from 'vitest';
import transform, { plugin } from './index';

describe('transform contract', () => {
  it('jsonata is a read taking an expression and data', () => {
    expect(transform).toBe(plugin);
    expect(transform.jsonata({ expression: '$sum(a)', data: { a: [1] } })).toMatchObject({ uses: 'transform.jsonata@1', effect: 'read' });
    expect(transform.actions.jsonata.input.safeParse({ expression: '', data: 1 }).success).toBe(false);
    expect(transform.actions.jsonata.output.parse({ result: [1, 2] })).toEqual({ result: [1, 2] });
  });
});
