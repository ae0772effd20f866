/**
 * Fault suite: 20 runs of a write-heavy workflow against a deduplicating 127.0.0.1 server; the
 * real worker process (one of two polling the queue) is SIGKILLed 3 times at random moments (with POSTs in flight) and
 * restarted → every run completes, no effect is applied twice, and every step that was in
 * flight at a kill is retried within 30 s (heartbeat timeout 20 s).
 */
import { describe, expect, test } from 'vitest';
import { temporalAddress } from '../helpers';
import { workerKillScenario } from './fault-scenarios';

describe('worker SIGKILLed mid-write', () => {
  test('20/20 complete, 0 duplicate effects, every in-flight step retried within 30 s', { timeout: 420_000 }, async () => {
    const result = await workerKillScenario({
      address: temporalAddress(),
      runs: 20,
      kills: 3,
      log: (line) => process.stderr.write(`[faults] ${line}\n`),
    });
    process.stderr.write(`[faults] ${JSON.stringify(result)}\n`);
    expect(result.failed).toEqual([]);
    expect(result.completed).toBe(20);
    expect(result.kills).toBe(3);
    expect(result.deduplicated).toBeGreaterThan(0); // kills did hit POSTs in flight: their retries were deduplicated
    expect(result.duplicate_effects).toBe(0);
    expect(result.not_retried).toBe(0);
    expect(result.max_recovery_s).toBeLessThanOrEqual(30);
  });
});
