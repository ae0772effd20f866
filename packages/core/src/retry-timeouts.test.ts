import { describe, expect, it } from 'vitest';
import { ActionStep, Defaults, Retry } from './ir';

describe('retry and timeouts in the IR', () => {
  it("backoff 'linear' is refused with a message that says why and what to use", () => {
    const r = Retry.safeParse({ maxAttempts: 3, backoff: 'linear' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/'linear' is not supported.*use 'fixed', or 'exponential'/);
    expect(Retry.parse({ maxAttempts: 3, backoff: 'fixed' }).backoff).toBe('fixed');
  });

  it('totalTimeout is a step and a defaults field next to the per-attempt timeout', () => {
    const step = ActionStep.parse({ id: 'a', type: 'action', uses: 'log.write@1', effect: 'write', timeout: '30s', totalTimeout: '2m' });
    expect(step).toMatchObject({ timeout: '30s', totalTimeout: '2m' });
    expect(Defaults.parse({ timeout: '30s', totalTimeout: '5m' })).toEqual({ timeout: '30s', totalTimeout: '5m' });
    expect(ActionStep.safeParse({ id: 'a', type: 'action', uses: 'log.write@1', effect: 'write', totalTimeout: 'soon' }).success).toBe(false);
  });
});
