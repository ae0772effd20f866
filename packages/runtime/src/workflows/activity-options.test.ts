import { describe, expect, test } from 'vitest';
import { activityOptionsFor, failuresFinal } from './activity-options';

describe('activityOptionsFor', () => {
  test('no retry anywhere: the default timeouts, and a second attempt only for a lost one (failures are final)', () => {
    expect(activityOptionsFor({}, undefined)).toEqual({
      startToCloseTimeout: 600_000,
      heartbeatTimeout: 20_000,
      retry: { maximumAttempts: 2, initialInterval: 1000, backoffCoefficient: 1 },
    });
    expect(failuresFinal({}, undefined)).toBe(true);
    expect(failuresFinal({}, { retry: { maxAttempts: 3, backoff: 'fixed', initialInterval: '1s' } })).toBe(false);
    expect(failuresFinal({ retry: { maxAttempts: 1, backoff: 'fixed', initialInterval: '1s' } }, undefined)).toBe(false);
  });
  test("heartbeatTimeout is the step's, or 20s", () => {
    expect(activityOptionsFor({ heartbeatTimeout: '45s' }, undefined).heartbeatTimeout).toBe(45_000);
    expect(activityOptionsFor({ retry: { maxAttempts: 3, backoff: 'fixed', initialInterval: '1s' } }, undefined).heartbeatTimeout).toBe(20_000);
  });
  test('exponential uses the coefficient (default 2); maxInterval and nonRetryable map over', () => {
    expect(
      activityOptionsFor(
        { retry: { maxAttempts: 4, backoff: 'exponential', initialInterval: '2s', maxInterval: '1m', nonRetryable: ['FLOW_PLUGIN_INPUT'] }, timeout: '30s' },
        undefined,
      ),
    ).toEqual({
      startToCloseTimeout: 30_000,
      heartbeatTimeout: 20_000,
      retry: { maximumAttempts: 4, initialInterval: 2000, backoffCoefficient: 2, maximumInterval: 60_000, nonRetryableErrorTypes: ['FLOW_PLUGIN_INPUT'] },
    });
    expect(
      activityOptionsFor({ retry: { maxAttempts: 2, backoff: 'exponential', initialInterval: '1s', coefficient: 3 } }, undefined).retry?.backoffCoefficient,
    ).toBe(3);
  });
  test('fixed uses coefficient 1', () => {
    expect(activityOptionsFor({ retry: { maxAttempts: 3, backoff: 'fixed', initialInterval: '5s' } }, undefined).retry?.backoffCoefficient).toBe(1);
  });
  test('timeout bounds one attempt, totalTimeout every attempt and the waits (schedule-to-close); unset, no total bound', () => {
    const retry = { maxAttempts: 6, backoff: 'fixed' as const, initialInterval: '1s' };
    expect(activityOptionsFor({ retry, timeout: '30s', totalTimeout: '2m' }, undefined)).toMatchObject({
      startToCloseTimeout: 30_000,
      scheduleToCloseTimeout: 120_000,
    });
    expect(activityOptionsFor({ retry, timeout: '30s' }, { totalTimeout: '5m' })).toMatchObject({ scheduleToCloseTimeout: 300_000 });
    expect(activityOptionsFor({ timeout: '30s', totalTimeout: '45s' }, undefined)).toMatchObject({ scheduleToCloseTimeout: 45_000 });
    expect(activityOptionsFor({ retry, timeout: '30s' }, undefined)).not.toHaveProperty('scheduleToCloseTimeout');
  });
  test('workflow defaults apply when the step sets nothing; the step wins otherwise', () => {
    const defaults = { retry: { maxAttempts: 5, backoff: 'fixed' as const, initialInterval: '1s' }, timeout: '2m' };
    expect(activityOptionsFor({}, defaults)).toMatchObject({ startToCloseTimeout: 120_000, retry: { maximumAttempts: 5 } });
    expect(activityOptionsFor({ timeout: '5s', retry: { maxAttempts: 2, backoff: 'fixed', initialInterval: '1s' } }, defaults)).toMatchObject({
      startToCloseTimeout: 5000,
      retry: { maximumAttempts: 2 },
    });
  });
});
