import type { ActionContext } from '@flowops/sdk';
import { describe, expect, it } from 'vitest';
import { WriteInput } from './contract';
import { implementation } from './worker';

describe('log plugin', () => {
  it('writes one line through ctx.log with the fields and run coordinates', async () => {
    const lines: unknown[][] = [];
    const ctx: ActionContext = {
      workflowId: 'wf-1',
      runId: 'r',
      stepId: 'log-start',
      attempt: 1,
      dryRun: true,
      signal: new AbortController().signal,
      log: (...args) => lines.push(args),
      heartbeat: () => {},
      idempotencyKey: 'k'.repeat(32),
    };
    const out = await implementation.handlers.write.run(WriteInput.parse({ level: 'warn', message: 'disk low', fields: { free: 3 } }), ctx);
    expect(out).toEqual({});
    expect(lines).toEqual([['warn', 'disk low', { free: 3, workflowId: 'wf-1', stepId: 'log-start' }]]);
  });
});
