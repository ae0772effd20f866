/** data-backfill on the real interpreter: partitions rebuilt in bounded parallel, throttled, behind a circuit breaker, verified. */
import { readFileSync } from 'node:fs';
import transformWorker from '@flowops/plugin-transform/worker';
import { describe, expect, test } from 'vitest';
import { realAction, runWorkflowTest } from '@flowops/testing/harness';
import dataBackfill from './workflow';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));
const env = { WAREHOUSE_API: 'https://warehouse.example.test' };
const secrets = { WAREHOUSE_TOKEN: 'wh-token-9876543', SLACK_DATA_WEBHOOK_URL: 'https://hooks.slack.test/T2/B2/yy' };

function warehouse(check: { ok: boolean; mismatched: string[] }, failing: string[] = []) {
  let active = 0;
  const state = { peak: 0, rebuilt: [] as string[], alerts: [] as string[], startedAt: [] as number[] };
  return {
    state,
    mocks: {
      'transform.jsonata@1': realAction(transformWorker, 'jsonata'),
      'http.request@1': async (input: { url: string; headers: Record<string, string> }) => {
        state.startedAt.push(Date.now());
        if (failing.some((p) => input.url.includes(`/partitions/${p}/`))) {
          throw Object.assign(new Error('422 partition locked'), { nonRetryable: true });
        }
        active++;
        state.peak = Math.max(state.peak, active);
        await new Promise((r) => setTimeout(r, 1_000));
        active--;
        state.rebuilt.push(input.headers['idempotency-key'] ?? '');
        return { status: 202, headers: {}, body: { queued: true } };
      },
      'http.get@1': () => ({ status: 200, headers: {}, body: check }),
      'log.write@1': () => ({}),
      'slack.postMessage@1': (input: { text: string }) => {
        state.alerts.push(input.text);
        return { ok: true };
      },
    },
  };
}

describe('data-backfill', () => {
  test('rebuilds every partition, at most 4 at once and 5 started per second, and verifies the counts', async () => {
    const input = { ...fixture('orders-january'), partitions: Array.from({ length: 9 }, (_, i) => `2025-01-0${i + 1}`) };
    const w = warehouse({ ok: true, mismatched: [] });
    const result = await runWorkflowTest({ definition: dataBackfill, version: '1.0.0', input, mocks: w.mocks, env, secrets });
    expect(result.status).toBe('succeeded');
    expect(result.output).toEqual({ verified: true, partitions: input.partitions });
    expect(w.state.peak).toBeLessThanOrEqual(4); // throttled starts: how many overlap depends on the machine, never more than maxParallel
    expect([...w.state.rebuilt].sort()).toEqual(input.partitions.map((p: string) => `backfill-orders-${p}`));
    expect(w.state.alerts).toEqual([]);
    // rateLimit 5/s: 9 starts take at least 8 × 200 ms
    const starts = [...w.state.startedAt].sort((a, b) => a - b);
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(1_550);
  });

  test('a warehouse failing a third of the partitions trips the circuit breaker: FLOW_CIRCUIT_OPEN names them, the rest is not started', async () => {
    const partitions = Array.from({ length: 30 }, (_, i) => `2025-01-${String(i + 1).padStart(2, '0')}`);
    const failing = partitions.filter((_, i) => i % 3 === 1);
    const w = warehouse({ ok: true, mismatched: [] }, failing);
    const result = await runWorkflowTest({
      definition: dataBackfill,
      version: '1.0.0',
      input: { ...fixture('orders-january'), partitions },
      mocks: w.mocks,
      env,
      secrets,
    });
    expect(result.status).toBe('failed');
    expect(result.code).toBe('FLOW_CIRCUIT_OPEN');
    expect(result.message).toContain('#1 "2025-01-02"');
    expect(w.state.startedAt.length).toBeLessThan(partitions.length);
    expect(result.step('verify-row-counts')?.status).toBe('skipped');
  });

  test('a row-count mismatch alerts the data channel', async () => {
    const w = warehouse({ ok: false, mismatched: ['2025-01-02'] });
    const result = await runWorkflowTest({ definition: dataBackfill, version: '1.0.0', input: fixture('orders-january'), mocks: w.mocks, env, secrets });
    expect(result.status).toBe('succeeded');
    expect(result.step('log-success')?.status).toBe('skipped');
    expect(w.state.alerts[0]).toContain('2025-01-02');
  });

  test('no partitions means yesterday (planned by JSONata)', async () => {
    const w = warehouse({ ok: true, mismatched: [] });
    const result = await runWorkflowTest({ definition: dataBackfill, version: '1.0.0', input: fixture('nightly'), mocks: w.mocks, env, secrets });
    expect(result.status).toBe('succeeded');
    const partitions = (result.output as { partitions: string[] }).partitions;
    expect(partitions).toHaveLength(1);
    expect(partitions[0]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
