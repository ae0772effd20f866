/**
 * The interpreter runs recorded into the replay corpus: one per step kind and outcome. Each
 * scenario is an IR plus how to drive the run (approve, reject, …). Used by
 * scripts/record-replay-corpus.ts; the committed histories are what the replay gate replays.
 */
import { Workflow, type WorkflowInput } from '@flowops/core';
import type { ActionSpec } from '../../src/activities';
import type { InterpreterArgs } from '../../src/workflows/types';

/** A flowops/v1 IR with defaults applied. */
export function corpusIr(name: string, steps: unknown[], extra: Partial<WorkflowInput> = {}): Workflow {
  return Workflow.parse({
    apiVersion: 'flowops/v1',
    kind: 'Workflow',
    name,
    version: '1.0.0',
    owner: '@acme/replay',
    input: { type: 'object' },
    steps,
    ...extra,
  });
}

export interface Scenario {
  /** File name of the history (without .json). */
  name: string;
  args: InterpreterArgs;
  /** What happens while the run waits: approve or reject the `gate` approval. */
  drive?: 'approve' | 'reject';
  /** Record every run of the continue-as-new chain (default: the first only). */
  chain?: boolean;
}

const attempts = new Map<string, number>();
/** Deterministic test actions the recorder's worker serves. */
export const corpusActions: ActionSpec[] = [
  { uses: 'test.echo@1', effect: 'read', run: async (input) => ({ echoed: input }) },
  { uses: 'test.write@1', effect: 'write', run: async () => ({ written: true }) },
  {
    uses: 'test.fail@1',
    effect: 'read',
    run: async () => {
      throw new Error('always fails');
    },
  },
  {
    uses: 'test.wait@1',
    effect: 'read',
    run: async (input) => {
      const { ms } = input as { ms: number };
      await new Promise((r) => setTimeout(r, ms));
      return { waited: ms };
    },
  },
  { uses: 'test.make@1', effect: 'write', run: async (input) => ({ id: `${(input as { name: string }).name}-id` }) },
  { uses: 'test.undo@1', effect: 'write', run: async () => ({ undone: true }) },
  {
    uses: 'test.flaky@1',
    effect: 'read',
    run: async (raw) => {
      const input = raw as { key: string; failures: number };
      const n = (attempts.get(input.key) ?? 0) + 1;
      attempts.set(input.key, n);
      if (n <= input.failures) throw new Error(`attempt ${n} fails`);
      return { attempt: n };
    },
  },
];

const echo = (id: string, w: Record<string, unknown> = {}) => ({ id, type: 'action', uses: 'test.echo@1', effect: 'read', with: w });
const gate = (extra: Record<string, unknown> = {}) => ({ id: 'gate', type: 'approval', message: 'Ship it?', timeout: '1h', ...extra });
const a = (ir: Workflow, input: unknown = {}, more: Partial<InterpreterArgs> = {}): InterpreterArgs => ({ ir, input, env: {}, dryRun: false, ...more });
const make = (id: string) => ({
  id,
  type: 'action',
  uses: 'test.make@1',
  effect: 'write',
  with: { name: id },
  compensate: { uses: 'test.undo@1', effect: 'write', with: { id: `{{ steps.${id}.output.id }}` } },
});
const retry = { maxAttempts: 3, backoff: 'fixed', initialInterval: '100ms' };
const child = corpusIr('replay-child', [echo('greet', { hello: '{{ input.who }}' })], {
  version: '2.1.0',
  output: { greeting: '{{ steps.greet.output.echoed.hello }}' },
});

/** Every scenario of the corpus. */
export const scenarios: Scenario[] = [
  { name: 'action', args: a(corpusIr('replay-action', [echo('one', { v: 1 }), echo('two', { prev: '{{ steps.one.output.echoed.v }}' })])) },
  {
    name: 'retry-succeeds',
    args: a(corpusIr('replay-retry', [{ id: 'get', type: 'action', uses: 'test.flaky@1', effect: 'read', with: { key: 'ok', failures: 2 }, retry }])),
  },
  {
    name: 'retry-exhausted',
    args: a(
      corpusIr('replay-retry-exhausted', [{ id: 'get', type: 'action', uses: 'test.flaky@1', effect: 'read', with: { key: 'never', failures: 99 }, retry }]),
    ),
  },
  {
    name: 'timeout',
    args: a(corpusIr('replay-timeout', [{ id: 'slow', type: 'action', uses: 'test.wait@1', effect: 'read', with: { ms: 3000 }, timeout: '500ms' }])),
  },
  {
    name: 'on-error-continue',
    args: a(
      corpusIr('replay-continue', [
        { id: 'bad', type: 'action', uses: 'test.fail@1', effect: 'read', with: {}, onError: 'continue' },
        echo('next', { s: '{{ steps.bad.status }}' }),
      ]),
    ),
  },
  {
    name: 'compensation',
    args: a(
      corpusIr('replay-compensation', [
        make('first'),
        { id: 'group', type: 'parallel', steps: [make('left'), make('right')] },
        { id: 'boom', type: 'action', uses: 'test.fail@1', effect: 'write', with: {} },
      ]),
    ),
  },
  {
    name: 'parallel',
    args: a(
      corpusIr('replay-parallel', [{ id: 'fan', type: 'parallel', steps: [echo('p1'), echo('p2'), echo('p3')] }, echo('join', { a: '{{ steps.p1.status }}' })]),
    ),
  },
  {
    name: 'for-each-max-parallel',
    args: a(
      corpusIr('replay-foreach', [
        { id: 'each', type: 'forEach', items: '{{ input.items }}', maxParallel: 2, steps: [echo('work', { tag: '{{ item }}', i: '{{ index }}' })] },
      ]),
      { items: ['a', 'b', 'c', 'd', 'e'] },
    ),
  },
  {
    name: 'when-else',
    args: a(
      corpusIr('replay-when', [
        {
          id: 'choose',
          type: 'when',
          condition: { op: 'gt', left: '{{ input.size }}', right: 10 },
          then: [echo('big', { size: 'big' })],
          else: [echo('small', { size: 'small' })],
        },
        echo('report', { big: '{{ steps.big.status }}', small: '{{ steps.small.status }}' }),
      ]),
      { size: 3 },
    ),
  },
  { name: 'approval-approved', args: a(corpusIr('replay-approval', [gate(), echo('after', { by: '{{ steps.gate.output.approver }}' })])), drive: 'approve' },
  { name: 'approval-rejected', args: a(corpusIr('replay-approval-rejected', [gate(), echo('after')])), drive: 'reject' },
  { name: 'approval-timed-out', args: a(corpusIr('replay-approval-timeout', [gate({ timeout: '1s' }), echo('after')])) },
  { name: 'sleep', args: a(corpusIr('replay-sleep', [echo('before'), { id: 'nap', type: 'sleep', duration: '1s' }, echo('after')])) },
  {
    name: 'call',
    args: a(
      corpusIr('replay-call', [{ id: 'sub', type: 'call', workflow: 'replay-child', version: '2.1.0', with: { who: '{{ input.name }}' } }], {
        output: { child: '{{ steps.sub.output }}' },
      }),
      { name: 'ada' },
      { childIrs: { 'replay-child@2.1.0': child } },
    ),
  },
  {
    name: 'cache-hit',
    args: a(
      corpusIr('replay-cache', [
        { id: 'each', type: 'forEach', items: '{{ input.keys }}', maxParallel: 1, steps: [{ ...echo('get', { key: '{{ item }}' }), cache: { ttl: '1h' } }] },
      ]),
      { keys: ['a', 'a', 'b'] },
    ),
  },
  {
    name: 'continue-as-new',
    chain: true,
    args: a(
      corpusIr('replay-can', [
        echo('before', { v: 'start' }),
        { id: 'loop', type: 'forEach', items: '{{ input.items }}', maxParallel: 3, steps: [echo('sq', { n: '{{ item }}' })] },
        echo('after'),
      ]),
      { items: Array.from({ length: 12 }, (_, i) => i) },
      { continueAsNewAfterEvents: 40 },
    ),
  },
  {
    name: 'dry-run',
    args: a(
      corpusIr('replay-dry-run', [
        echo('read', { v: 1 }),
        { id: 'nap', type: 'sleep', duration: '1h' },
        gate(),
        { id: 'write', type: 'action', uses: 'test.write@1', effect: 'write', with: { v: 2 } },
      ]),
      {},
      { dryRun: true },
    ),
  },
];

/**
 * The same scenarios recorded by an interpreter with the lean step runner (`LEAN_STEPS_PATCH`):
 * `lean-<name>.json` carries the patch marker and replays on the lean path; the unprefixed
 * histories were recorded before it and replay on the original path. Record new ones as `lean-*`.
 */
export const leanScenarios: Scenario[] = scenarios.map((s) => ({ ...s, name: `lean-${s.name}` }));
