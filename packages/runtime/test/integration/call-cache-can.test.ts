/** Child workflows (`call`), the read cache, continue-as-new on long loops, and secrets. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SecretResolver, StaticSecretProvider } from '../../src/secrets';
import { type RunningWorker, type TestEnv, args, connect, ir, run, runFailure, specs, start, startWorker } from './helpers';

const SECRET = 'sk-live-9f8e7d6c5b4a-very-secret';
let env: TestEnv;
let w: RunningWorker;
let reads = 0;
const seenTokens: string[] = [];

beforeAll(async () => {
  env = await connect();
  w = await startWorker(
    env,
    specs({
      'test.echo@1': (input) => ({ echoed: input }),
      'test.read@1': (input: { key: string }) => {
        reads++;
        return { key: input.key, n: reads };
      },
      'test.auth@1': (input: { authorization: string; note: string }) => {
        seenTokens.push(input.authorization);
        return { headers: { authorization: input.authorization }, body: `token was ${input.authorization.slice(7)}`, note: input.note };
      },
      'test.leak@1': (input: { token: string }) => {
        throw new Error(`upstream rejected ${input.token}`);
      },
    }),
    { secrets: new SecretResolver({ providers: { env: new StaticSecretProvider({ API_TOKEN: SECRET }) } }) },
  );
});
afterAll(async () => {
  await w?.stop();
  await env?.close();
});

describe('call', () => {
  const child = ir([{ id: 'greet', type: 'action', uses: 'test.echo@1', effect: 'read', with: { hello: '{{ input.who }}' } }], {
    name: 'child-flow',
    version: '2.1.0',
    output: { greeting: '{{ steps.greet.output.echoed.hello }}' },
  });

  test('runs the target as a child workflow and returns its output', async () => {
    const parent = ir([{ id: 'sub', type: 'call', workflow: 'child-flow', version: '2.1.0', with: { who: '{{ input.name }}' } }], {
      output: { child: '{{ steps.sub.output }}' },
    });
    const result = await run(env, w.taskQueue, args(parent, { name: 'ada' }, { childIrs: { 'child-flow@2.1.0': child } }));
    expect(result.output).toEqual({ child: { greeting: 'ada' } });
  });

  test('a missing target fails with FLOW_UNKNOWN_WORKFLOW', async () => {
    const parent = ir([{ id: 'sub', type: 'call', workflow: 'child-flow', version: '9.9.9', with: {} }]);
    const f = await runFailure(env, w.taskQueue, args(parent, {}, { childIrs: { 'child-flow': child } }));
    expect(f.type).toBe('FLOW_UNKNOWN_WORKFLOW');
  });
});

describe('cache', () => {
  test('a cached read step reuses the earlier result for the same input within the TTL', async () => {
    reads = 0;
    const wf = ir([
      {
        id: 'each',
        type: 'forEach',
        items: '{{ input.keys }}',
        maxParallel: 1,
        steps: [{ id: 'get', type: 'action', uses: 'test.read@1', effect: 'read', with: { key: '{{ item }}' }, cache: { ttl: '1h' } }],
      },
    ]);
    const result = await run(env, w.taskQueue, args(wf, { keys: ['a', 'b', 'a', 'a', 'b'] }));
    expect(reads).toBe(2);
    const gets = result.steps.filter((s) => s.step.endsWith('.get'));
    expect(gets.map((s) => s.cached === true)).toEqual([false, false, true, true, true]);
    expect(gets[2]?.output).toEqual(gets[0]?.output);
  });
});

describe('continue-as-new', () => {
  test('a long forEach continues as new between iterations and completes with every result', async () => {
    const items = Array.from({ length: 30 }, (_, i) => i);
    const wf = ir(
      [
        { id: 'before', type: 'action', uses: 'test.echo@1', effect: 'read', with: { v: 'start' } },
        {
          id: 'loop',
          type: 'forEach',
          items: '{{ input.items }}',
          maxParallel: 3,
          steps: [{ id: 'sq', type: 'action', uses: 'test.echo@1', effect: 'read', with: { n: '{{ item }}' } }],
        },
        { id: 'after', type: 'action', uses: 'test.echo@1', effect: 'read', with: { first: '{{ steps.before.output.echoed.v }}' } },
      ],
      { output: { loop: '{{ steps.loop.output }}', after: '{{ steps.after.output }}' } },
    );
    const handle = await start(env, w.taskQueue, args(wf, { items }, { continueAsNewAfterEvents: 40 }));
    const result = (await handle.result()) as { output: { loop: { sq: { echoed: { n: number } } }[]; after: unknown } };
    expect(result.output.loop.map((r) => r.sq.echoed.n)).toEqual(items);
    expect(result.output.after).toEqual({ echoed: { first: 'start' } });
    const desc = await env.client.workflow.getHandle(handle.workflowId).describe();
    expect(desc.runId).not.toBe(handle.firstExecutionRunId);
  });
});

describe('secrets', () => {
  test('secrets resolve inside the activity and never reach history or the result', async () => {
    seenTokens.length = 0;
    const wf = ir([{ id: 'call', type: 'action', uses: 'test.auth@1', effect: 'read', with: { authorization: 'Bearer {{ secret.API_TOKEN }}', note: 'hi' } }]);
    const handle = await start(env, w.taskQueue, args(wf));
    const result = (await handle.result()) as { steps: { output: unknown; input: unknown }[] };
    expect(seenTokens).toEqual([`Bearer ${SECRET}`]);
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(result.steps[0]?.output).toEqual({ headers: { authorization: '[REDACTED]' }, body: 'token was [REDACTED]', note: 'hi' });
    const history = JSON.stringify(await handle.fetchHistory());
    expect(history).not.toContain(SECRET);
    expect(history).not.toContain(Buffer.from(SECRET).toString('base64'));
  });

  test('a secret in an error message is redacted; a missing secret fails with FLOW_SECRET_MISSING', async () => {
    const leak = ir([{ id: 'x', type: 'action', uses: 'test.leak@1', effect: 'read', with: { token: '{{ secret.API_TOKEN }}' } }]);
    const f = await runFailure(env, w.taskQueue, args(leak));
    expect(f.message).not.toContain(SECRET);
    expect(f.message).toContain('[REDACTED]');
    const missing = ir([{ id: 'x', type: 'action', uses: 'test.echo@1', effect: 'read', with: { token: '{{ secret.NOPE }}' } }]);
    const m = await runFailure(env, w.taskQueue, args(missing));
    expect(m.details.steps[0].error.code).toBe('FLOW_SECRET_MISSING');
  });
});
