/**
 * notifyHuman and secrets: the Slack webhook URL (a secret) is resolved only inside the activity —
 * it never reaches the run's history, the message or the trace — while the message still carries
 * the run link. A fake Slack on 127.0.0.1.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import slackWorker from '@flowops/plugin-slack/worker';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SecretResolver, StaticSecretProvider } from '../../src/secrets';
import { approveUpdate, progressQuery } from '../../src/workflows/types';
import { type RunningWorker, type TestEnv, args, connect, ir, sleepMs, start, startWorker } from './helpers';

const HOOK_PATH = '/services/T0SECRET/B0SECRET/xoxSecretHookToken';
let env: TestEnv;
let w: RunningWorker;
let server: Server;
let hook: string;
const slack: { text: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.url === HOOK_PATH) slack.push(JSON.parse(body));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}${HOOK_PATH}`;
  env = await connect();
  w = await startWorker(env, [], {
    plugins: [slackWorker],
    secrets: new SecretResolver({ providers: { env: new StaticSecretProvider({ SLACK_WEBHOOK_URL: hook }) } }),
  });
});
afterAll(async () => {
  await w?.stop();
  await env?.close();
  server?.close();
});

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

test('the Slack webhook of notifyHuman never reaches history, the message or the trace', { timeout: 60_000 }, async () => {
  const notify = { slack: { webhookUrl: '{{ secret.SLACK_WEBHOOK_URL }}' } };
  const wf = ir([{ id: 'gate', type: 'approval', message: 'Ship it?', timeout: '1h', notifyHuman: notify }], { name: 'notify-secret' });
  const handle = await start(env, w.taskQueue, args(wf, {}, { uiUrl: 'http://127.0.0.1:8233' }));
  for (let i = 0; i < 150 && slack.length === 0; i++) await sleepMs(200);
  expect(slack).toHaveLength(1); // delivered to the secret URL
  expect(slack[0]!.text).toContain('approval "gate" is waiting: Ship it?');
  expect(slack[0]!.text).toContain('Run: http://127.0.0.1:8233/namespaces/default/workflows/');
  expect((await handle.query(progressQuery)).waitingApprovals).toEqual(['gate']);
  await handle.executeUpdate(approveUpdate, { args: [{ stepId: 'gate', decision: 'approve', by: 'erin' }] });
  const result = await handle.result();
  const history = historyBytes(await handle.fetchHistory());
  expect(history.includes('Ship it?')).toBe(true); // payloads are searched as stored
  expect(history.includes('{{ secret.SLACK_WEBHOOK_URL }}')).toBe(true); // the reference travels, not the value
  for (const needle of [HOOK_PATH, 'xoxSecretHookToken']) {
    expect(history.includes(needle)).toBe(false);
    expect(slack[0]!.text).not.toContain(needle);
    expect(JSON.stringify(result)).not.toContain(needle);
  }
});
