/** Control flow of the interpreter on a real dev server: DAG, parallel, if, when, forEach, onError. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningWorker, type TestEnv, args, connect, ir, run, runFailure, sleepMs, specs, start, startWorker } from './helpers';

let env: TestEnv;
let w: RunningWorker;
let active = 0;
let peak = 0;
const calls: string[] = [];

beforeAll(async () => {
  env = await connect();
  w = await startWorker(
    env,
    specs({
      'test.echo@1': (input) => ({ echoed: input }),
      'test.slow@1': async (input: { ms: number; tag: string }) => {
        active++;
        peak = Math.max(peak, active);
        calls.push(input.tag);
        await sleepMs(input.ms);
        active--;
        return { tag: input.tag };
      },
      'test.fail@1': (input: { message?: string }) => {
        throw new Error(input.message ?? 'boom');
      },
    }),
  );
});
afterAll(async () => {
  await w?.stop();
  await env?.close();
});

const slow = (id: string, extra: Record<string, unknown> = {}, ms = 300) => ({
  id,
  type: 'action',
  uses: 'test.slow@1',
  effect: 'read',
  with: { ms, tag: id },
  ...extra,
});

function resetCounters(): void {
  active = 0;
  peak = 0;
  calls.length = 0;
}

describe('ordering', () => {
  test('declared order runs steps one after another', async () => {
    resetCounters();
    const result = await run(env, w.taskQueue, args(ir([slow('a', {}, 50), slow('b', {}, 50), slow('c', {}, 50)])));
    expect(calls).toEqual(['a', 'b', 'c']);
    expect(peak).toBe(1);
    expect(result.steps.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });

  test('dependsOn forms a DAG and ready steps start together', async () => {
    resetCounters();
    const wf = ir([
      slow('root', {}, 50),
      slow('left', { dependsOn: ['root'] }),
      slow('right', { dependsOn: ['root'] }),
      {
        id: 'join',
        type: 'action',
        uses: 'test.echo@1',
        effect: 'read',
        dependsOn: ['left', 'right'],
        with: { l: '{{ steps.left.output.tag }}', r: '{{ steps.right.output.tag }}' },
      },
    ]);
    const result = await run(env, w.taskQueue, args(wf));
    expect(peak).toBe(2);
    expect(calls[0]).toBe('root');
    expect(result.steps.find((s) => s.step === 'join')?.output).toEqual({ echoed: { l: 'left', r: 'right' } });
  });

  test('a parallel group starts its children at once and collects their outputs', async () => {
    resetCounters();
    const wf = ir([{ id: 'fan', type: 'parallel', steps: [slow('p1'), slow('p2'), slow('p3')] }], {
      output: { fan: '{{ steps.fan.output }}' },
    });
    const result = await run(env, w.taskQueue, args(wf));
    expect(peak).toBe(3);
    expect(result.output).toEqual({ fan: { p1: { tag: 'p1' }, p2: { tag: 'p2' }, p3: { tag: 'p3' } } });
  });
});

describe('conditions', () => {
  test('if false skips the step, its dependants still run, references to it are undefined', async () => {
    const wf = ir(
      [
        { id: 'maybe', type: 'action', uses: 'test.echo@1', effect: 'read', with: { v: 1 }, if: { op: 'eq', left: '{{ input.go }}', right: true } },
        { id: 'after', type: 'action', uses: 'test.echo@1', effect: 'read', with: { got: '{{ steps.maybe.output }}', status: '{{ steps.maybe.status }}' } },
      ],
      { output: { after: '{{ steps.after.output.echoed }}' } },
    );
    const result = await run(env, w.taskQueue, args(wf, { go: false }));
    expect(result.steps.map((s) => [s.step, s.status])).toEqual([
      ['maybe', 'skipped'],
      ['after', 'succeeded'],
    ]);
    expect(result.output).toEqual({ after: { status: 'skipped' } });
    const ran = await run(env, w.taskQueue, args(wf, { go: true }));
    expect(ran.output).toEqual({ after: { got: { echoed: { v: 1 } }, status: 'succeeded' } });
  });

  test('when runs the matching branch and skips the other', async () => {
    const wf = ir([
      {
        id: 'route',
        type: 'when',
        condition: { op: 'gt', left: '{{ input.n }}', right: 10 },
        then: [{ id: 'big', type: 'action', uses: 'test.echo@1', effect: 'read', with: { size: 'big' } }],
        else: [{ id: 'small', type: 'action', uses: 'test.echo@1', effect: 'read', with: { size: 'small' } }],
      },
      { id: 'report', type: 'action', uses: 'test.echo@1', effect: 'read', with: { big: '{{ steps.big.status }}', small: '{{ steps.small.status }}' } },
    ]);
    const big = await run(env, w.taskQueue, args(wf, { n: 11 }));
    expect(big.steps.find((s) => s.step === 'report')?.output).toEqual({ echoed: { big: 'succeeded', small: 'skipped' } });
    const small = await run(env, w.taskQueue, args(wf, { n: 3 }));
    expect(small.steps.find((s) => s.step === 'report')?.output).toEqual({ echoed: { big: 'skipped', small: 'succeeded' } });
    expect(small.steps.find((s) => s.step === 'big')?.reason).toBe('branch not taken');
  });

  test('a condition that cannot be evaluated fails the run with FLOW_CONDITION_EVAL_ERROR', async () => {
    const wf = ir([{ id: 'x', type: 'action', uses: 'test.echo@1', effect: 'read', with: {}, if: { op: 'eq', left: '{{ steps.nope.output }}', right: 1 } }]);
    const f = await runFailure(env, w.taskQueue, args(wf));
    expect(f.type).toBe('FLOW_CONDITION_EVAL_ERROR');
    expect(f.details.failedStep).toBe('x');
  });
});

describe('forEach', () => {
  test('never runs more than maxParallel iterations at once and keeps item order', async () => {
    resetCounters();
    const items = Array.from({ length: 7 }, (_, i) => `i${i}`);
    const wf = ir(
      [
        {
          id: 'each',
          type: 'forEach',
          items: '{{ input.items }}',
          maxParallel: 2,
          steps: [
            { id: 'work', type: 'action', uses: 'test.slow@1', effect: 'read', with: { ms: 150, tag: '{{ item }}' } },
            { id: 'mark', type: 'action', uses: 'test.echo@1', effect: 'read', with: { i: '{{ index }}', tag: '{{ steps.work.output.tag }}' } },
          ],
        },
      ],
      { output: { all: '{{ steps.each.output }}' } },
    );
    const result = await run(env, w.taskQueue, args(wf, { items }));
    expect(peak).toBe(2);
    const all = (result.output as { all: { mark: { echoed: { i: number; tag: string } } }[] }).all;
    expect(all.map((r) => r.mark.echoed)).toEqual(items.map((tag, i) => ({ i, tag })));
    expect(result.steps.filter((s) => s.step.startsWith('each[')).length).toBe(14);
  });

  test('items that are not an array fail with FLOW_INVALID_TEMPLATE', async () => {
    const body = [{ id: 'x', type: 'action', uses: 'test.echo@1', effect: 'read', with: {} }];
    const wf = ir([{ id: 'each', type: 'forEach', items: '{{ input.items }}', steps: body }]);
    const f = await runFailure(env, w.taskQueue, args(wf, { items: 'nope' }));
    expect(f.type).toBe('FLOW_INVALID_TEMPLATE');
  });
});

describe('errors', () => {
  test('onError: continue records the failure and runs the rest', async () => {
    const wf = ir([
      { id: 'bad', type: 'action', uses: 'test.fail@1', effect: 'read', with: { message: 'nope' }, onError: 'continue' },
      { id: 'next', type: 'action', uses: 'test.echo@1', effect: 'read', with: { s: '{{ steps.bad.status }}' } },
    ]);
    const result = await run(env, w.taskQueue, args(wf));
    const bad = result.steps.find((s) => s.step === 'bad')!;
    expect(bad.status).toBe('failed');
    expect(bad.error?.code).toBe('FLOW_PLUGIN_ERROR');
    expect(bad.error?.message).toContain('nope');
    expect(result.steps.find((s) => s.step === 'next')?.output).toEqual({ echoed: { s: 'failed' } });
  });

  test('a failing step fails the run with FLOW_STEP_FAILED and later steps do not run', async () => {
    const wf = ir([
      { id: 'bad', type: 'action', uses: 'test.fail@1', effect: 'read', with: { message: 'kaput' } },
      { id: 'never', type: 'action', uses: 'test.echo@1', effect: 'read', with: {} },
    ]);
    const f = await runFailure(env, w.taskQueue, args(wf));
    expect(f.type).toBe('FLOW_STEP_FAILED');
    expect(f.message).toContain('kaput');
    expect(f.details.failedStep).toBe('bad');
    expect(f.details.steps.find((s: { step: string }) => s.step === 'never')).toMatchObject({ status: 'skipped', reason: 'run failed' });
  });

  test('workflow defaults.onError applies', async () => {
    const wf = ir([{ id: 'bad', type: 'action', uses: 'test.fail@1', effect: 'read', with: {} }], { defaults: { onError: 'continue' } });
    const result = await run(env, w.taskQueue, args(wf));
    expect(result.steps[0]?.status).toBe('failed');
  });

  test('an unresolvable template fails with FLOW_INVALID_TEMPLATE', async () => {
    const wf = ir([{ id: 'x', type: 'action', uses: 'test.echo@1', effect: 'read', with: { url: 'https://x/{{ input.missing }}' } }]);
    const f = await runFailure(env, w.taskQueue, args(wf));
    expect(f.type).toBe('FLOW_INVALID_TEMPLATE');
  });
});

describe('an invalid step graph is refused before any step', () => {
  /** The run's failure, or a timeout error after 20 s (the old interpreter waited forever). */
  async function failsAtOnce(steps: unknown[]): Promise<{ type: string | undefined; message: string; scheduled: number }> {
    const wf = ir(steps);
    const handle = await start(env, w.taskQueue, args(wf));
    const outcome = await Promise.race([
      handle.result().then(
        () => ({ type: 'succeeded', message: '' }),
        (err: { cause?: { type?: string; message: string } }) => ({ type: err.cause?.type, message: err.cause?.message ?? String(err) }),
      ),
      sleepMs(20_000).then(() => ({ type: 'still running after 20 s', message: '' })),
    ]);
    if (outcome.type === 'still running after 20 s') await handle.terminate('test: invalid graph not refused');
    const history = await handle.fetchHistory();
    const scheduled = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes || e.timerStartedEventAttributes).length;
    return { ...outcome, scheduled };
  }

  test('a hand-written IR with a cycle fails at once with FLOW_CYCLE', async () => {
    resetCounters();
    const f = await failsAtOnce([slow('first', { dependsOn: [] }), slow('a', { dependsOn: ['b'] }), slow('b', { dependsOn: ['a'] })]);
    expect(f.type).toBe('FLOW_CYCLE');
    expect(f.message).toContain('a → b → a');
    expect(f.scheduled).toBe(0);
    expect(calls).toEqual([]);
  });

  test('dependsOn naming a step outside its list fails at once with FLOW_INVALID_REFERENCE', async () => {
    resetCounters();
    const f = await failsAtOnce([{ id: 'group', type: 'parallel', steps: [slow('inner')] }, slow('outer', { dependsOn: ['inner'] })]);
    expect(f.type).toBe('FLOW_INVALID_REFERENCE');
    expect(f.message).toContain('"inner", which is not in the same step list');
    expect(f.scheduled).toBe(0);
    expect(calls).toEqual([]);
  });
});
