/** Retries (against a local HTTP server), timeouts and compensation order. */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningWorker, type TestEnv, args, connect, ir, run, runFailure, sleepMs, specs, startWorker } from './helpers';

let env: TestEnv;
let w: RunningWorker;
let server: Server;
let base = '';
const hits = new Map<string, number>();
const undone: string[] = [];

beforeAll(async () => {
  // GET /flaky/<key>: 503 twice, then 200 with the attempt count.
  server = createServer((req, res) => {
    const key = req.url ?? '';
    const n = (hits.get(key) ?? 0) + 1;
    hits.set(key, n);
    if (key.startsWith('/flaky/') && n <= 2) {
      res.writeHead(503).end('unavailable');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ hits: n }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  env = await connect();
  w = await startWorker(
    env,
    specs({
      'test.get@1': async (input: { url: string }) => {
        const res = await fetch(input.url);
        if (!res.ok) throw new Error(`HTTP ${res.status} from ${input.url}`);
        return { status: res.status, body: await res.json() };
      },
      'test.wait@1': async (input: { ms: number }) => {
        await sleepMs(input.ms);
        return { waited: input.ms };
      },
      'test.make@1!': async (input: { name: string; ms?: number }) => {
        await sleepMs(input.ms ?? 0);
        return { id: `${input.name}-id` };
      },
      'test.undo@1!': (input: { id: string; fail?: boolean }) => {
        if (input.fail) throw new Error(`cannot undo ${input.id}`);
        undone.push(input.id);
        return { undone: input.id };
      },
      'test.fail@1': () => {
        throw new Error('deploy exploded');
      },
    }),
  );
});
afterAll(async () => {
  await w?.stop();
  await env?.close();
  server?.close();
});

describe('retries', () => {
  test('a step retries a server that fails twice and then succeeds', async () => {
    const wf = ir([
      {
        id: 'get',
        type: 'action',
        uses: 'test.get@1',
        effect: 'read',
        with: { url: `${base}/flaky/a` },
        retry: { maxAttempts: 3, backoff: 'fixed', initialInterval: '100ms' },
      },
    ]);
    const result = await run(env, w.taskQueue, args(wf));
    expect(result.steps[0]).toMatchObject({ status: 'succeeded', attempt: 3, output: { status: 200, body: { hits: 3 } } });
    expect(hits.get('/flaky/a')).toBe(3);
  });

  test('without enough attempts the run fails with the plugin error', async () => {
    const wf = ir([
      {
        id: 'get',
        type: 'action',
        uses: 'test.get@1',
        effect: 'read',
        with: { url: `${base}/flaky/b` },
        retry: { maxAttempts: 2, backoff: 'exponential', initialInterval: '50ms' },
      },
    ]);
    const f = await runFailure(env, w.taskQueue, args(wf));
    expect(f.type).toBe('FLOW_STEP_FAILED');
    expect(f.message).toContain('HTTP 503');
    expect(hits.get('/flaky/b')).toBe(2);
  });

  test('no retry policy means exactly one attempt', async () => {
    const wf = ir([{ id: 'get', type: 'action', uses: 'test.get@1', effect: 'read', with: { url: `${base}/flaky/c` } }]);
    await runFailure(env, w.taskQueue, args(wf));
    expect(hits.get('/flaky/c')).toBe(1);
  });

  test('workflow defaults.retry applies to steps without their own', async () => {
    const wf = ir([{ id: 'get', type: 'action', uses: 'test.get@1', effect: 'read', with: { url: `${base}/flaky/d` } }], {
      defaults: { retry: { maxAttempts: 5, backoff: 'fixed', initialInterval: '50ms' } },
    });
    const result = await run(env, w.taskQueue, args(wf));
    expect(result.steps[0]?.attempt).toBe(3);
  });
});

describe('timeouts', () => {
  test('a step exceeding its timeout fails with FLOW_STEP_TIMEOUT', async () => {
    const wf = ir([{ id: 'slow', type: 'action', uses: 'test.wait@1', effect: 'read', with: { ms: 3000 }, timeout: '500ms' }]);
    const started = Date.now();
    const f = await runFailure(env, w.taskQueue, args(wf));
    expect(f.type).toBe('FLOW_STEP_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('compensation', () => {
  const make = (id: string, ms: number, extra: Record<string, unknown> = {}, undo: Record<string, unknown> = {}) => ({
    id,
    type: 'action',
    uses: 'test.make@1',
    effect: 'write',
    with: { name: id, ms },
    compensate: { uses: 'test.undo@1', effect: 'write', with: { id: `{{ steps.${id}.output.id }}`, ...undo } },
    ...extra,
  });

  test('completed steps are compensated in reverse order of completion', async () => {
    undone.length = 0;
    const wf = ir([
      make('first', 0),
      // In the group, "slow" completes after "quick": completion order first, quick, slow.
      { id: 'group', type: 'parallel', steps: [make('slow', 600), make('quick', 0)] },
      { id: 'boom', type: 'action', uses: 'test.fail@1', effect: 'write', with: {} },
    ]);
    const f = await runFailure(env, w.taskQueue, args(wf));
    expect(f.type).toBe('FLOW_STEP_FAILED');
    expect(undone).toEqual(['slow-id', 'quick-id', 'first-id']);
    const byStep = Object.fromEntries(f.details.steps.map((s: { step: string }) => [s.step, s]));
    expect(byStep.first).toMatchObject({ status: 'compensated', compensation: { status: 'succeeded' } });
    expect(byStep.boom).toMatchObject({ status: 'failed' });
  });

  test('a failing compensation is recorded and does not mask the original error', async () => {
    undone.length = 0;
    const wf = ir([
      make('a', 0),
      make('b', 0, {}, { fail: true }),
      make('c', 0),
      { id: 'boom', type: 'action', uses: 'test.fail@1', effect: 'write', with: {} },
    ]);
    const f = await runFailure(env, w.taskQueue, args(wf));
    expect(f.type).toBe('FLOW_STEP_FAILED');
    expect(f.message).toContain('deploy exploded');
    expect(undone).toEqual(['c-id', 'a-id']);
    const b = f.details.steps.find((s: { step: string }) => s.step === 'b');
    expect(b.compensation.status).toBe('failed');
    expect(b.compensation.error.message).toContain('cannot undo b-id');
  });

  test('nothing is compensated when the run succeeds', async () => {
    undone.length = 0;
    await run(env, w.taskQueue, args(ir([make('ok', 0)])));
    expect(undone).toEqual([]);
  });
});
