import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { evaluateJsonata } from './worker';

describe('transform plugin', () => {
  it('evaluates expressions against data with bindings', async () => {
    expect(await evaluateJsonata('errorRate > 0.05 ? "sev1" : "sev3"', { errorRate: 0.1 })).toEqual({ result: 'sev1' });
    expect(
      await evaluateJsonata(
        'items[price > $min].name',
        {
          items: [
            { name: 'a', price: 1 },
            { name: 'b', price: 5 },
            { name: 'c', price: 9 },
          ],
        },
        { min: 2 },
      ),
    ).toEqual({
      result: ['b', 'c'],
    });
    expect(await evaluateJsonata('$sum(items.price)', { items: [{ price: 1 }, { price: 2 }] })).toEqual({ result: 3 });
    expect(await evaluateJsonata('nothing.here', {})).toEqual({ result: null });
    expect(await evaluateJsonata('{"n": $count(xs)}', { xs: [1, 2] })).toEqual({ result: { n: 2 } });
  });

  it('reports a bad expression as a non-retryable FLOW_PLUGIN_ERROR with the JSONata message', async () => {
    const err = await evaluateJsonata('items[price >', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    const f = err as ApplicationFailure;
    expect(f.type).toBe('FLOW_PLUGIN_ERROR');
    expect(f.nonRetryable).toBe(true);
    expect(f.message).toMatch(/does not parse at position \d+: .+\(S0\d+\).*\[FLOW_PLUGIN_ERROR\]$/);
  });

  it('reports evaluation errors the same way', async () => {
    const err = (await evaluateJsonata('$number("abc") + 1 & $undefinedFn()', {}).catch((e: unknown) => e)) as ApplicationFailure;
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err.nonRetryable).toBe(true);
    expect(err.message).toContain('failed while evaluating');
  });
});
