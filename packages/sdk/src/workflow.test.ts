import { Workflow } from '@flowops/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demo } from './__fixtures__/demo-plugin';
import { and, eq, exists, gt, isIn, not, or } from './conditions';
import { step } from './step-action';
import { forEach, parallel, when } from './step-control';
import { approval, call, sleep } from './step-misc';
import { env, secret, tpl } from './template';
import { defineWorkflow } from './workflow';

const Input = z.object({
  apiBase: z.string(),
  userId: z.string(),
  accounts: z.array(z.object({ id: z.string(), region: z.string() })),
  dryRun: z.boolean().default(false),
});

function valid(ir: unknown) {
  const parsed = Workflow.safeParse(ir);
  if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
  return parsed.data;
}

describe('defineWorkflow', () => {
  const wf = defineWorkflow({
    name: 'sync-user',
    owner: '@acme/identity',
    description: 'Sync a user',
    input: Input,
    triggers: [{ type: 'manual' }, { type: 'cron', schedule: '0 3 * * *' }],
    defaults: { retry: { maxAttempts: 3 }, timeout: '1m' },
    steps: ({ input }) => {
      const fetch = step('fetch-user', demo.fetch({ url: tpl`${input.apiBase}/users/${input.userId}` }), {
        retry: { maxAttempts: 3, backoff: 'exponential', initialInterval: '2s' },
        timeout: '30s',
        cache: { ttl: '5m' },
      });
      const notify = step('notify', demo.send({ to: fetch.output.user.id, text: 'hi' }), {
        dependsOn: [fetch],
        if: eq(fetch.output.status, 200),
        onError: 'continue',
        compensate: demo.send({ to: fetch.output.user.id, text: 'sorry' }),
      });
      return { steps: [fetch, notify], output: { userId: fetch.output.user.id, status: notify.status } };
    },
  });

  it('emits IR that validates, with references for handles', () => {
    const ir = valid(wf.toIR('1.2.3'));
    expect(ir).toMatchObject({ apiVersion: 'flowops/v1', kind: 'Workflow', name: 'sync-user', version: '1.2.3', owner: '@acme/identity' });
    expect(ir.steps[0]).toEqual({
      id: 'fetch-user',
      type: 'action',
      uses: 'demo.fetch@2',
      effect: 'read',
      with: { url: '{{ input.apiBase }}/users/{{ input.userId }}' },
      retry: { maxAttempts: 3, backoff: 'exponential', initialInterval: '2s' },
      timeout: '30s',
      cache: { ttl: '5m' },
    });
    expect(ir.steps[1]).toMatchObject({
      id: 'notify',
      dependsOn: ['fetch-user'],
      if: { op: 'eq', left: '{{ steps.fetch-user.output.status }}', right: 200 },
      onError: 'continue',
      effect: 'write',
      with: { to: '{{ steps.fetch-user.output.user.id }}', text: 'hi' },
      compensate: { uses: 'demo.send@2', effect: 'write', with: { to: '{{ steps.fetch-user.output.user.id }}', text: 'sorry' } },
    });
    expect(ir.output).toEqual({ userId: '{{ steps.fetch-user.output.user.id }}', status: '{{ steps.notify.status }}' });
    expect(ir.triggers).toEqual([{ type: 'manual' }, { type: 'cron', schedule: '0 3 * * *' }]);
    expect(ir.defaults).toEqual({ retry: { maxAttempts: 3, backoff: 'exponential', initialInterval: '1s' }, timeout: '1m' });
  });

  it('turns the zod input into JSON Schema (input side: defaults are optional)', () => {
    const ir = wf.toIR('1.0.0');
    expect(ir.input).toMatchObject({ type: 'object', required: ['apiBase', 'userId', 'accounts'] });
    expect((ir.input as { properties: Record<string, unknown> }).properties.dryRun).toMatchObject({ type: 'boolean', default: false });
  });

  it('exposes the input schema, owner and the plugins used', () => {
    expect(wf.inputSchema).toBe(Input);
    expect(wf.owner).toBe('@acme/identity');
    expect(wf.plugins.map((p) => `${p.name}@${p.version}`)).toEqual(['demo@2.1.0']);
    expect(wf.toIR('1.0.0')).toEqual(wf.toIR('1.0.0'));
  });
});

describe('control steps', () => {
  const wf = defineWorkflow({
    name: 'control',
    owner: 'octocat',
    input: Input,
    output: { static: 1 },
    steps: ({ input }) => [
      parallel('fan-out', [step('a', demo.ping()), step('b', demo.ping(), { dependsOn: [] })], { timeout: '5m' }),
      forEach('per-account', input.accounts, { maxParallel: 4 }, (account, index) => [
        step('provision', demo.send({ to: account.id, text: tpl`#${index} in ${account.region}` })),
      ]),
      when(
        'branch',
        and(or(eq(input.dryRun, true), not(exists(input.userId))), gt(input.accounts.length, 0), isIn(input.userId, ['a', 'b'])),
        [sleep('pause', '10m')],
        [approval('gate', { message: 'Go?', approvers: ['@acme/sre'], timeout: '1h', onTimeout: 'reject' })],
      ),
      call('child', 'other-flow', { key: input.userId, token: secret('TOKEN'), base: env('API_BASE') }, { version: '1.0.0' }),
      forEach('literal-items', ['x', 'y'], {}, (item) => [step('echo', demo.send({ to: item, text: 'x' }))]),
    ],
  });

  it('emits every control kind and validates', () => {
    const ir = valid(wf.toIR('0.1.0'));
    const [par, each, branch, child, literal] = ir.steps;
    expect(par).toMatchObject({ type: 'parallel', timeout: '5m' });
    expect(par?.type === 'parallel' && par.steps.map((s) => s.dependsOn)).toEqual([undefined, []]);
    expect(each).toMatchObject({ type: 'forEach', items: '{{ input.accounts }}', maxParallel: 4 });
    expect(each?.type === 'forEach' && each.steps[0]).toMatchObject({ with: { to: '{{ item.id }}', text: '#{{ index }} in {{ item.region }}' } });
    expect(branch).toMatchObject({
      type: 'when',
      condition: {
        op: 'and',
        conditions: [
          {
            op: 'or',
            conditions: [
              { op: 'eq', left: '{{ input.dryRun }}', right: true },
              { op: 'not', condition: { op: 'exists', ref: 'input.userId' } },
            ],
          },
          { op: 'gt', left: '{{ input.accounts.length }}', right: 0 },
          { op: 'in', left: '{{ input.userId }}', right: ['a', 'b'] },
        ],
      },
      then: [{ id: 'pause', type: 'sleep', duration: '10m' }],
      else: [{ id: 'gate', type: 'approval', message: 'Go?', approvers: ['@acme/sre'], timeout: '1h', onTimeout: 'reject' }],
    });
    expect(child).toEqual({
      id: 'child',
      type: 'call',
      workflow: 'other-flow',
      version: '1.0.0',
      with: { key: '{{ input.userId }}', token: '{{ secret.TOKEN }}', base: '{{ env.API_BASE }}' },
    });
    expect(literal).toMatchObject({ items: ['x', 'y'] });
    expect(ir.output).toEqual({ static: 1 });
  });
});

describe('builder errors carry codes; definition-time mistakes are left to the compiler', () => {
  it('step() refuses a non-action and a bad compensate (FLOW_SCHEMA_INVALID)', () => {
    expect(() => step('x', { uses: 'demo.ping@2' } as never)).toThrow(/not a plugin action call.*\[FLOW_SCHEMA_INVALID\]/);
    expect(() => step('x', demo.ping(), { compensate: 'undo' as never })).toThrow(/compensate.*\[FLOW_SCHEMA_INVALID\]/);
  });

  it('a list entry that is not a step is reported with its path', () => {
    const wf = defineWorkflow({ name: 'bad', owner: 'o', input: Input, steps: () => [parallel('group', [demo.ping() as never])] });
    expect(() => wf.toIR('1.0.0')).toThrow(/group\.steps\[0\] is not a step.*\[FLOW_SCHEMA_INVALID\]/);
  });

  it('duplicate ids and bad names do not throw (the compiler reports them with diagnostics)', () => {
    const wf = defineWorkflow({
      name: 'Not_Kebab',
      owner: '',
      input: Input,
      steps: () => [step('same', demo.ping()), step('same', demo.ping())],
    });
    const ir = wf.toIR('1.0.0');
    expect(ir.steps).toHaveLength(2);
    expect(Workflow.safeParse(ir).success).toBe(false);
  });

  it('call() takes an imported definition (typed input) or a name', () => {
    const child = defineWorkflow({ name: 'child-flow', owner: 'o', input: z.object({ id: z.string() }), steps: () => [sleep('s', '1s')] });
    const wf = defineWorkflow({
      name: 'parent',
      owner: 'o',
      input: Input,
      steps: ({ input }) => [call('run-child', child, { id: input.userId })],
    });
    expect(valid(wf.toIR('1.0.0')).steps[0]).toEqual({ id: 'run-child', type: 'call', workflow: 'child-flow', with: { id: '{{ input.userId }}' } });
  });
});
