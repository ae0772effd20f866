/**
 * A zod custom message in a workflow's input schema is what the person running it reads (issue
 * 11, error gaps): through the real `flowops` binary, `order=x` is refused with the author's
 * "order ids look like ord_abc123", not Ajv's generic "must match pattern", and nothing starts.
 */
import { spawnSync } from 'node:child_process';
import { testTemporalAddress } from '@flowops/testing/vitest';
import { describe, expect, test } from 'vitest';
import { unique } from '../gitops/helpers';
import { BIN, flowRepo } from '../gitops/repo';

const WORKFLOW = (name: string) => `import log from '@flowops/plugin-log';
import { defineWorkflow, step, tpl } from '@flowops/sdk';
import { z } from 'zod';

export default defineWorkflow({
  name: '${name}',
  owner: '@acme/platform',
  input: z.object({
    order: z.string().regex(/^ord_[a-z0-9]+$/, 'order ids look like ord_abc123'),
    quantity: z.number().int().min(1, { message: 'order at least one item' }),
  }),
  steps: ({ input }) => [step('say', log.write({ message: tpl\`order \${input.order}\` }))],
});
`;

describe('flowops run with a zod custom message in the input schema', () => {
  test("the author's messages are what the binary prints, and nothing starts", { timeout: 120_000 }, () => {
    using repo = flowRepo(unique('input-messages'));
    const name = unique('orders');
    repo.commit('wf', {
      [`workflows/${name}/package.json`]: `${JSON.stringify({ name: `@workflows/${name}`, version: '1.0.0', private: true, type: 'module', flowops: { workflow: './workflow.ts' } })}\n`,
      [`workflows/${name}/workflow.ts`]: WORKFLOW(name),
    });
    const r = spawnSync(process.execPath, [BIN, 'run', name, '--env', 'local', 'order=x', 'quantity=0'], {
      cwd: repo.dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FLOWOPS_TEMPORAL_ADDRESS: testTemporalAddress(), FLOWOPS_TASK_QUEUE: unique('input-messages-tq') },
    });
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toContain('[FLOW_INVALID_INPUT]');
    expect(r.stderr).toContain('order ids look like ord_abc123');
    expect(r.stderr).toContain('order at least one item');
    expect(r.stderr).not.toMatch(/must match pattern/);
    expect(r.stdout).not.toMatch(/started/);
  });
});
