/**
 * data-backfill: recompute a dataset's daily partitions (given, or yesterday's on the nightly
 * schedule) with bounded parallelism, throttled (at most 5 partitions started per second) and
 * behind a circuit breaker (more than 25 % of the partitions failing, after 4, stops the backfill
 * and names them), then verify row counts and report.
 */
import http from '@flowops/plugin-http';
import log from '@flowops/plugin-log';
import slack from '@flowops/plugin-slack';
import transform from '@flowops/plugin-transform';
import { cast, defineWorkflow, env, eq, forEach, secret, step, tpl, when } from '@flowops/sdk';
import { z } from 'zod';

export const Input = z.object({
  dataset: z.enum(['orders', 'payments', 'sessions', 'inventory']),
  /** Partitions (UTC days) to rebuild; empty means "yesterday". */
  partitions: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'partitions are days: YYYY-MM-DD'))
    .max(366)
    .default([]),
  batchSize: z.number().int().min(100).max(100_000).default(5_000),
  /** Allowed relative difference between source and rebuilt row counts. */
  tolerance: z.number().min(0).max(0.1).default(0.001),
});

const warehouse = env('WAREHOUSE_API');
const auth = { authorization: tpl`Bearer ${secret('WAREHOUSE_TOKEN')}` };

export default defineWorkflow({
  name: 'data-backfill',
  owner: '@acme/data-platform',
  description: 'Rebuild dataset partitions in parallel batches and verify the row counts',
  input: Input,
  triggers: [{ type: 'manual' }, { type: 'cron', schedule: '0 3 * * *', timezone: 'UTC', input: { dataset: 'orders' } }],
  defaults: { retry: { maxAttempts: 3, backoff: 'exponential', initialInterval: '5s' }, timeout: '5m' },
  steps: ({ input }) => {
    const plan = step(
      'plan-partitions',
      transform.jsonata({
        expression: `$count(partitions) > 0 ? partitions : [$fromMillis($toMillis($now()) - 86400000, '[Y0001]-[M01]-[D01]')]`,
        data: { partitions: input.partitions },
      }),
      { retry: { maxAttempts: 2 }, timeout: '10s' },
    );
    const partitions = cast<string[]>(plan.output.result);

    // Protect the warehouse: throttled, and stopped (FLOW_CIRCUIT_OPEN, failed partitions listed) when it keeps failing.
    const guards = { rateLimit: 5, circuitBreaker: { maxFailureRate: 0.25, minItems: 4 } };
    const backfill = forEach('backfill-partitions', partitions, { maxParallel: 4, ...guards, timeout: '6h' }, (partition) => [
      step(
        'rebuild-partition',
        http.request({
          method: 'POST',
          url: tpl`${warehouse}/datasets/${input.dataset}/partitions/${partition}/rebuild`,
          headers: { ...auth, 'idempotency-key': tpl`backfill-${input.dataset}-${partition}` },
          body: { batchSize: input.batchSize, mode: 'replace' },
          expectStatus: [200, 202],
        }),
        { retry: { maxAttempts: 5, backoff: 'exponential', initialInterval: '30s', maxInterval: '10m' }, timeout: '1h' },
      ),
    ]);

    const verify = step(
      'verify-row-counts',
      http.get({
        url: tpl`${warehouse}/datasets/${input.dataset}/checks/row-counts`,
        headers: auth,
        query: { tolerance: input.tolerance },
        expectStatus: 200,
      }),
      { retry: { maxAttempts: 3, initialInterval: '1m' }, timeout: '15m' },
    );
    const check = cast<{ ok: boolean; mismatched: string[] }>(verify.output.body);

    const report = when(
      'report-result',
      eq(check.ok, true),
      [
        step('log-success', log.write({ level: 'info', message: tpl`${input.dataset} backfill verified`, fields: { partitions } }), {
          retry: { maxAttempts: 2 },
          timeout: '10s',
        }),
      ],
      [
        step(
          'alert-mismatch',
          slack.postMessage({
            webhookUrl: secret('SLACK_DATA_WEBHOOK_URL'),
            text: tpl`:warning: ${input.dataset} backfill: row counts differ beyond ${input.tolerance} for ${check.mismatched}`,
          }),
          { retry: { maxAttempts: 3 }, timeout: '30s' },
        ),
      ],
    );

    return { steps: [plan, backfill, verify, report], output: { verified: check.ok, partitions } };
  },
});
