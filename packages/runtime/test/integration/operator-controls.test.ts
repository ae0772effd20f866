/**
 * Operator controls and backfill guards on the real dev server, against real HTTP servers on
 * 127.0.0.1 (the real http, slack and log plugins): a step that fails for good notifies a fake
 * Slack once with the run link and waits for a skip; the skip resumes the run with the fallback
 * output; a skip of a step that is not waiting is FLOW_STEP_NOT_WAITING; checkpointAfter pauses
 * for approval; cache metadata reaches downstream steps; a forEach circuit breaker trips on a
 * target that fails 30 % of items; rateLimit bounds items per second.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import httpWorker from '@flowops/plugin-http/worker';
import logWorker from '@flowops/plugin-log/worker';
import slackWorker from '@flowops/plugin-slack/worker';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { skipStep } from '../../src/client';
import { SecretResolver, StaticSecretProvider } from '../../src/secrets';
import { approveUpdate, progressQuery } from '../../src/workflows/types';
import { type RunningWorker, type TestEnv, args, connect, ir, run, runFailure, sleepMs, start, startWorker } from './helpers';

let env: TestEnv;
let w: RunningWorker;
let server: Server;
let base: string;
const slack: { text: string; channel?: string }[] = [];
const itemHits = new Map<string, number[]>(); // path prefix → arrival times (ms)
const logs: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = req.url ?? '';
      if (url.startsWith('/slack/')) {
        slack.push(JSON.parse(body));
        res.end('ok');
      } else if (url.startsWith('/down')) {
        res.writeHead(503).end('{"error":"down for good"}');
      } else if (url.startsWith('/items/')) {
        // /items/<run>/<n>: items whose n % 10 is 0, 3 or 6 fail (30 %)
        const [, , tag, n] = url.split('/');
        itemHits.set(tag!, [...(itemHits.get(tag!) ?? []), Date.now()]);
        const fail = [0, 3, 6].includes(Number(n) % 10);
        res.writeHead(fail ? 422 : 200, { 'content-type': 'application/json' }).end(JSON.stringify({ n: Number(n) }));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ at: Date.now() }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  env = await connect();
  w = await startWorker(env, [], {
    plugins: [httpWorker, slackWorker, logWorker],
    secrets: new SecretResolver({ providers: { env: new StaticSecretProvider({ SLACK_WEBHOOK_URL: `${base}/slack/T0/B0/hook` }) } }),
    log: (_level, message) => logs.push(message),
  });
});
afterAll(async () => {
  await w?.stop();
  await env?.close();
  server?.close();
});

const UI = 'http://127.0.0.1:8233';
const notify = { slack: { webhookUrl: '{{ secret.SLACK_WEBHOOK_URL }}', channel: '#ops' } };

/** Every byte string in a history (payloads are Uint8Arrays), joined: to search for a secret. */
function historyBytes(value: unknown): Buffer {
  const parts: Buffer[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof Uint8Array) parts.push(Buffer.from(v));
    else if (typeof v === 'string') parts.push(Buffer.from(v));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return Buffer.concat(parts);
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, tries = 150): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await sleepMs(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('allowSkip + notifyHuman', () => {
  test('a step that fails for good notifies Slack once with the run link, waits, and a skip resumes the run with the fallback output', {
    timeout: 90_000,
  }, async () => {
    const wf = ir(
      [
        {
          id: 'load',
          type: 'action',
          uses: 'http.request@1',
          effect: 'write',
          with: { method: 'POST', url: `${base}/down/load`, body: { n: 1 } },
          retry: { maxAttempts: 2, backoff: 'fixed', initialInterval: '100ms' },
          allowSkip: true,
          fallbackOutput: { status: 0, body: { skipped: true, source: '{{ input.source }}' } },
          notifyHuman: notify,
        },
        { id: 'after', type: 'action', uses: 'log.write@1', effect: 'read', with: { message: 'loaded {{ steps.load.output.body.source }}' } },
      ],
      { name: 'skip-notify', output: { load: '{{ steps.load.output }}', status: '{{ steps.load.status }}' } },
    );
    const before = slack.length;
    const handle = await start(env, w.taskQueue, args(wf, { source: 'crm' }, { uiUrl: UI }));
    await until('the skip to be waited for', async () => ((await handle.query(progressQuery)).waitingSkips?.includes('load') ? true : undefined));

    // a skip of a step that is not waiting is a coded error, and changes nothing
    const notWaiting = (await skipStep(env.client, handle.workflowId, { stepId: 'after', by: 'alice', reason: 'x' }).catch((e: unknown) => e)) as Error;
    expect(notWaiting).toMatchObject({ code: 'FLOW_STEP_NOT_WAITING' });
    expect(notWaiting.message).toContain('Step "after" has not run yet; steps waiting for a skip: load');
    const noReason = await skipStep(env.client, handle.workflowId, { stepId: 'load', by: 'alice', reason: ' ' }).catch((e: unknown) => e as Error);
    expect(noReason).toMatchObject({ code: 'FLOW_USAGE' });

    const ack = await skipStep(env.client, handle.workflowId, { stepId: 'load', by: 'alice', reason: 'CRM is down; loaded by hand' });
    expect(ack).toEqual({ stepId: 'load', skipped: true });
    const result = (await handle.result()) as { output: unknown; steps: { step: string; status: string; reason?: string; notify?: unknown }[] };
    expect(result.output).toEqual({ load: { status: 0, body: { skipped: true, source: 'crm' } }, status: 'skipped' });
    expect(result.steps.find((s) => s.step === 'load')).toMatchObject({
      status: 'skipped',
      reason: 'skipped by alice: CRM is down; loaded by hand',
      notify: { status: 'sent' },
    });
    expect(result.steps.find((s) => s.step === 'after')?.status).toBe('succeeded');

    const sent = slack.slice(before);
    expect(sent).toHaveLength(1); // once, not per attempt
    expect(sent[0]!.channel).toBe('#ops');
    expect(sent[0]!.text).toContain(`Run: ${UI}/namespaces/default/workflows/${encodeURIComponent(handle.workflowId)}`);
    expect(sent[0]!.text).toContain('step "load" failed and waits for an operator');
    expect(sent[0]!.text).toContain(`flowops runs skip ${handle.workflowId} load`);
    expect(sent[0]!.text).not.toContain('/slack/T0'); // the webhook (a secret) never reaches the message
    const second = await skipStep(env.client, handle.workflowId, { stepId: 'load', by: 'bob', reason: 'again' }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(Error); // the run is over: nothing waits any more
  });

  test('without allowSkip, the failure notifies (log) once and fails the run', { timeout: 60_000 }, async () => {
    const wf = ir(
      [
        {
          id: 'push',
          type: 'action',
          uses: 'http.request@1',
          effect: 'write',
          with: { method: 'POST', url: `${base}/down/push` },
          retry: { maxAttempts: 2, backoff: 'fixed', initialInterval: '100ms' },
        },
      ],
      { name: 'notify-log', notifyHuman: { log: { level: 'error' } } },
    );
    const f = await runFailure(env, w.taskQueue, args(wf, {}, { uiUrl: UI }));
    expect(f.type).toBe('FLOW_STEP_FAILED');
    expect(f.details.steps[0]).toMatchObject({ step: 'push', status: 'failed', notify: { status: 'sent' } });
    const lines = logs.filter((l) => l.includes('notify-log@') && l.includes('step "push" failed after its retries'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Run: ${UI}/namespaces/default/workflows/`);
  });
});

describe('approval notifications', () => {
  test('an approval with notifyHuman tells Slack once that it waits, with the link; the webhook never reaches history', { timeout: 60_000 }, async () => {
    const wf = ir([{ id: 'gate', type: 'approval', message: 'Ship it?', timeout: '1h', notifyHuman: notify }], { name: 'approval-notify' });
    const before = slack.length;
    const handle = await start(env, w.taskQueue, args(wf, {}, { uiUrl: UI }));
    await until('the notification', async () => (slack.length > before ? true : undefined));
    await handle.executeUpdate(approveUpdate, { args: [{ stepId: 'gate', decision: 'approve', by: 'erin' }] });
    await handle.result();
    const sent = slack.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain('approval "gate" is waiting: Ship it?');
    expect(sent[0]!.text).toContain(`Run: ${UI}/namespaces/default/workflows/${encodeURIComponent(handle.workflowId)}`);
    const history = historyBytes(await handle.fetchHistory());
    expect(history.includes('Ship it?')).toBe(true); // payloads are searched as stored
    expect(history.includes('/slack/T0/B0/hook')).toBe(false);
  });
});

describe('checkpointAfter and cache metadata', () => {
  test('checkpointAfter pauses for approval after the step; downstream sees cache.hit and cachedAt', { timeout: 60_000 }, async () => {
    const get = { type: 'action', uses: 'http.get@1', effect: 'read', with: { url: `${base}/report` }, cache: { ttl: '10m' } };
    const wf = ir(
      [
        { id: 'first', ...get, checkpointAfter: { message: 'Looks right?', timeout: '1h' } },
        { id: 'again', ...get },
        {
          id: 'use',
          type: 'action',
          uses: 'log.write@1',
          effect: 'read',
          with: { message: 'hit={{ steps.again.cache.hit }} at={{ steps.again.cache.cachedAt }}' },
        },
      ],
      {
        name: 'checkpoint-cache',
        output: { hit: '{{ steps.again.cache.hit }}', firstHit: '{{ steps.first.cache.hit }}', at: '{{ steps.again.cache.cachedAt }}' },
      },
    );
    const handle = await start(env, w.taskQueue, args(wf));
    await until('the checkpoint', async () => ((await handle.query(progressQuery)).waitingApprovals.includes('first:checkpoint') ? true : undefined));
    const p = await handle.query(progressQuery);
    expect(p.steps.find((s) => s.step === 'again')).toBeUndefined(); // nothing after the checkpoint has started
    await handle.executeUpdate(approveUpdate, { args: [{ stepId: 'first:checkpoint', decision: 'approve', by: 'carol' }] });
    const result = (await handle.result()) as { output: { hit: boolean; firstHit: boolean; at: string } };
    expect(result.output.hit).toBe(true);
    expect(result.output.firstHit).toBe(false);
    expect(Number.isNaN(Date.parse(result.output.at))).toBe(false);
  });

  test('a rejected checkpoint fails the run before the next step', { timeout: 60_000 }, async () => {
    const wf = ir(
      [
        { id: 'fetch', type: 'action', uses: 'http.get@1', effect: 'read', with: { url: `${base}/report` }, checkpointAfter: true },
        { id: 'next', type: 'action', uses: 'log.write@1', effect: 'read', with: { message: 'never' } },
      ],
      { name: 'checkpoint-reject' },
    );
    const handle = await start(env, w.taskQueue, args(wf));
    await until('the checkpoint', async () => ((await handle.query(progressQuery)).waitingApprovals.includes('fetch:checkpoint') ? true : undefined));
    await handle.executeUpdate(approveUpdate, { args: [{ stepId: 'fetch:checkpoint', decision: 'reject', by: 'dave', reason: 'numbers off' }] });
    type Failed = { cause?: { type?: string; details?: { steps: { step: string; status: string }[] }[] } };
    const err = (await handle.result().catch((e: unknown) => e)) as Failed;
    expect(err.cause?.type).toBe('FLOW_APPROVAL_REJECTED');
    expect(err.cause?.details?.[0]?.steps.find((s: { step: string }) => s.step === 'next')?.status).toBe('skipped');
  });
});

describe('backfill guards', () => {
  const backfill = (tag: string, extra: Record<string, unknown>) =>
    ir(
      [
        {
          id: 'each',
          type: 'forEach',
          items: '{{ input.ids }}',
          maxParallel: 2,
          ...extra,
          steps: [{ id: 'put', type: 'action', uses: 'http.request@1', effect: 'write', with: { method: 'POST', url: `${base}/items/${tag}/{{ item }}` } }],
        },
      ],
      { name: `backfill-${tag}` },
    );

  test('the circuit breaker trips on a target that fails 30 % of items: FLOW_CIRCUIT_OPEN lists the failed items, not every item is scheduled', {
    timeout: 90_000,
  }, async () => {
    const ids = Array.from({ length: 40 }, (_, i) => i + 1);
    const f = await runFailure(env, w.taskQueue, args(backfill('cb', { circuitBreaker: { maxFailureRate: 0.2, minItems: 10 } }), { ids }));
    expect(f.type).toBe('FLOW_CIRCUIT_OPEN');
    expect(f.message).toMatch(/circuit breaker opened: \d+ of \d+ finished items failed/);
    expect(f.message).toContain('Failed items: #2 3, #5 6');
    const scheduled = itemHits.get('cb')?.length ?? 0;
    expect(scheduled).toBeGreaterThanOrEqual(10);
    expect(scheduled).toBeLessThan(ids.length);
    expect(f.message).toContain(`${ids.length - scheduled} of ${ids.length} items were not scheduled`);
  });

  test('under the threshold the breaker lets the step finish (failed items output null)', { timeout: 90_000 }, async () => {
    const ids = [1, 2, 3, 4, 5, 7, 8, 9, 11, 12]; // only 3 fails: 10 %
    const result = await run(env, w.taskQueue, args(backfill('ok', { circuitBreaker: { maxFailureRate: 0.2, minItems: 5 } }), { ids }));
    const each = result.steps.find((s) => s.step === 'each');
    expect(each?.status).toBe('succeeded');
    expect((each?.output as unknown[])[2]).toBeNull();
    expect(itemHits.get('ok')).toHaveLength(ids.length);
  });

  test('rateLimit bounds items per second', { timeout: 60_000 }, async () => {
    const ids = [1, 2, 4, 5, 7, 8, 11, 12]; // none fails
    const t0 = Date.now();
    const result = await run(env, w.taskQueue, args(backfill('rate', { maxParallel: 8, rateLimit: 4 }), { ids }));
    expect(result.status).toBe('succeeded');
    const hits = itemHits.get('rate')!;
    expect(hits).toHaveLength(8);
    // 8 items at 4/s: starts spaced 250 ms apart, so the last starts ≥ 1.75 s after the first
    expect(hits.at(-1)! - hits[0]!).toBeGreaterThanOrEqual(1_700);
    for (let i = 4; i < hits.length; i++) expect(hits[i]! - hits[i - 4]!).toBeGreaterThanOrEqual(950); // never 5 in one second
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_750);
  });
});
