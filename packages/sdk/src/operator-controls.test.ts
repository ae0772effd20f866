import { Workflow } from '@flowops/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demo } from './__fixtures__/demo-plugin';
import { step } from './step-action';
import { forEach } from './step-control';
import { approval } from './step-misc';
import { secret, tpl } from './template';
import { defineWorkflow } from './workflow';

describe('operator controls and backfill guards in the SDK', () => {
  const wf = defineWorkflow({
    name: 'guarded',
    owner: '@acme/data',
    input: z.object({ ids: z.array(z.string()) }),
    notifyHuman: { slack: { webhookUrl: secret('SLACK_WEBHOOK_URL'), channel: '#ops' } },
    steps: ({ input }) => {
      const report = step('report', demo.fetch({ url: 'https://api.example.com/report' }), { cache: { ttl: '10m' }, checkpointAfter: true });
      const load = step('load', demo.send({ to: 'warehouse', text: tpl`cached ${report.cache.hit} at ${report.cache.cachedAt}` }), {
        allowSkip: true,
        fallbackOutput: { id: 'skipped', from: report.output.status },
        notifyHuman: { log: { level: 'error' } },
      });
      const gate = approval('gate', { message: 'Go?', timeout: '1h', notifyHuman: { log: {} } });
      const each = forEach('each', input.ids, { maxParallel: 2, rateLimit: 5, circuitBreaker: { maxFailureRate: 0.2, minItems: 10 } }, (id) => [
        step('put', demo.send({ to: id, text: 'x' })),
      ]);
      return [report, load, gate, each];
    },
  });

  it('compiles every field to the IR, which the schema accepts', () => {
    const ir = Workflow.parse(wf.toIR('1.0.0'));
    expect(ir.notifyHuman).toEqual({ slack: { webhookUrl: '{{ secret.SLACK_WEBHOOK_URL }}', channel: '#ops' } });
    expect(ir.steps[0]).toMatchObject({ id: 'report', cache: { ttl: '10m' }, checkpointAfter: true });
    expect(ir.steps[1]).toMatchObject({
      id: 'load',
      allowSkip: true,
      fallbackOutput: { id: 'skipped', from: '{{ steps.report.output.status }}' },
      notifyHuman: { log: { level: 'error' } },
      with: { text: 'cached {{ steps.report.cache.hit }} at {{ steps.report.cache.cachedAt }}' },
    });
    expect(ir.steps[2]).toMatchObject({ id: 'gate', notifyHuman: { log: {} } });
    expect(ir.steps[3]).toMatchObject({ id: 'each', maxParallel: 2, rateLimit: 5, circuitBreaker: { maxFailureRate: 0.2, minItems: 10 } });
  });

  it('bad values are refused by the IR schema', () => {
    const bad = (patch: Record<string, unknown>) => {
      const ir = wf.toIR('1.0.0') as { steps: Record<string, unknown>[] };
      Object.assign(ir.steps[3]!, patch);
      return Workflow.safeParse(ir).success;
    };
    expect(bad({})).toBe(true);
    expect(bad({ rateLimit: 0 })).toBe(false);
    expect(bad({ circuitBreaker: { maxFailureRate: 1.5, minItems: 10 } })).toBe(false);
    expect(bad({ circuitBreaker: { maxFailureRate: 0.2, minItems: 0 } })).toBe(false);
    expect(bad({ circuitBreaker: { maxFailureRate: 0.2 } })).toBe(false);
  });
});
