import { Workflow } from '@flowops/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demo } from './__fixtures__/demo-plugin';
import { step } from './step-action';
import { forEach } from './step-control';
import { tpl } from './template';
import { defineWorkflow } from './workflow';

const input = z.object({ regions: z.array(z.object({ cluster: z.string(), hosts: z.array(z.string()) })) });

/** A region loop with a host loop inside, the host step reading the region's cluster. */
function nested(as: string | undefined) {
  return defineWorkflow({
    name: 'nested',
    owner: '@acme/sre',
    input,
    steps: ({ input }) => [
      forEach('regions', input.regions, { maxParallel: 1, ...(as ? { as } : {}) }, (region) => [
        forEach('hosts', region.hosts, { maxParallel: 1 }, (host, i) => [step('drain', demo.send({ to: host, text: tpl`${region.cluster} #${i}` }))]),
      ]),
    ],
  });
}

describe('nested forEach loops in the SDK', () => {
  it('renders a named outer item as {{ <as>… }} and the inner one as {{ item }}', () => {
    const ir = Workflow.parse(nested('region').toIR('1.0.0'));
    const outer = ir.steps[0] as { as?: string; steps: { items: unknown; steps: { with: unknown }[] }[] };
    expect(outer.as).toBe('region');
    expect(outer.steps[0]?.items).toBe('{{ region.hosts }}');
    expect(outer.steps[0]?.steps[0]?.with).toEqual({ to: '{{ item }}', text: '{{ region.cluster }} #{{ index }}' });
  });

  it('refuses an unnamed outer item read inside a nested forEach (FLOW_INVALID_REFERENCE), naming the fix', () => {
    let error: unknown;
    try {
      nested(undefined).toIR('1.0.0');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'FLOW_INVALID_REFERENCE', hint: expect.stringContaining("as: 'name'") });
  });

  it("still renders an unnamed loop's item as {{ item }} in its own body and in a nested loop's items", () => {
    const wf = defineWorkflow({
      name: 'flat',
      owner: '@acme/sre',
      input,
      steps: ({ input }) => [
        forEach('regions', input.regions, { maxParallel: 1 }, (region) => [
          step('note', demo.send({ to: region.cluster, text: 'x' })),
          forEach('hosts', region.hosts, { maxParallel: 1 }, (host) => [step('drain', demo.send({ to: host, text: 'y' }))]),
        ]),
      ],
    });
    const text = JSON.stringify(wf.toIR('1.0.0'));
    expect(text).toContain('"to":"{{ item.cluster }}"');
    expect(text).toContain('"items":"{{ item.hosts }}"');
    expect(text).not.toContain('__flowops_loop_');
  });
});
