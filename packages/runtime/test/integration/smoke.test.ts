import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RunningWorker, type TestEnv, args, connect, ir, run, specs, startWorker } from './helpers';

let env: TestEnv;
let w: RunningWorker;
beforeAll(async () => {
  env = await connect();
  w = await startWorker(env, specs({ 'test.echo@1': (input) => ({ echoed: input }) }));
});
afterAll(async () => {
  await w?.stop();
  await env?.close();
});

test('runs a two-step workflow with a reference', async () => {
  const wf = ir(
    [
      { id: 'a', type: 'action', uses: 'test.echo@1', effect: 'read', with: { v: '{{ input.x }}' } },
      { id: 'b', type: 'action', uses: 'test.echo@1', effect: 'read', with: { prev: '{{ steps.a.output.echoed.v }}' } },
    ],
    { output: { result: '{{ steps.b.output }}' } },
  );
  const result = await run(env, w.taskQueue, args(wf, { x: 41 }));
  expect(result.status).toBe('succeeded');
  expect(result.output).toEqual({ result: { echoed: { prev: 41 } } });
  expect(result.steps.map((s) => [s.step, s.status])).toEqual([
    ['a', 'succeeded'],
    ['b', 'succeeded'],
  ]);
});
