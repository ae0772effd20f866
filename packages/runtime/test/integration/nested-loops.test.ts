/** Nested forEach loops on a real dev server: an inner loop reads the outer item by the outer loop's `as` name. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningWorker, type TestEnv, args, connect, ir, run, runFailure, specs, startWorker } from './helpers';

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

const regions = [
  { cluster: 'eu-1', hosts: ['a', 'b'] },
  { cluster: 'us-1', hosts: ['c'] },
];

/** regions × hosts; the inner step reads `drain` of its host with the reference given. */
const nested = (outer: Record<string, unknown>, cluster: string) =>
  ir(
    [
      {
        id: 'regions',
        type: 'forEach',
        items: '{{ input.regions }}',
        maxParallel: 1,
        ...outer,
        steps: [
          {
            id: 'hosts',
            type: 'forEach',
            items: '{{ item.hosts }}',
            maxParallel: 1,
            steps: [{ id: 'drain', type: 'action', uses: 'test.echo@1', effect: 'read', with: { cluster, host: '{{ item }}', i: '{{ index }}' } }],
          },
        ],
      },
    ],
    { output: { all: '{{ steps.regions.output }}' } },
  );

describe('nested forEach', () => {
  test("an inner loop reads the outer item by the outer loop's `as` name, and `item` stays the inner item", async () => {
    const result = await run(env, w.taskQueue, args(nested({ as: 'region' }, '{{ region.cluster }}'), { regions }));
    const all = (result.output as { all: { hosts: { drain: { echoed: unknown } }[] }[] }).all;
    expect(all.map((r) => r.hosts.map((h) => h.drain.echoed))).toEqual([
      [
        { cluster: 'eu-1', host: 'a', i: 0 },
        { cluster: 'eu-1', host: 'b', i: 1 },
      ],
      [{ cluster: 'us-1', host: 'c', i: 0 }],
    ]);
  });

  test('a name no enclosing loop has fails the step with FLOW_INVALID_REFERENCE instead of reading other data', async () => {
    const f = await runFailure(env, w.taskQueue, args(nested({}, '{{ region.cluster }}'), { regions }));
    expect(f.type).toBe('FLOW_INVALID_REFERENCE');
    expect(f.message).toContain('region.cluster');
  });
});
