/** A worker killed mid-run; encrypted payloads in history; secrets absent from logs. */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { type AesGcmPayloadCodec, ENCRYPTED_ENCODING, dataConverterFromKeys } from '../../src/codec';
import { actionLogger, createLogger } from '../../src/logging';
import { createRedactor } from '../../src/redaction';
import { SecretResolver, StaticSecretProvider } from '../../src/secrets';
import { progressQuery } from '../../src/workflows/types';
import { args, connect, ir, sleepMs, specs, start, startWorker, temporalAddress } from './helpers';

const WORKER = fileURLToPath(new URL('./fixtures/worker-process.ts', import.meta.url));

function spawnWorker(taskQueue: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: { ...process.env, TEMPORAL_ADDRESS: temporalAddress(), TASK_QUEUE: taskQueue },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (b: Buffer) => {
      if (b.toString().includes('READY')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

describe('durability', () => {
  test('a worker killed with SIGKILL mid-run is replaced and the run completes', async () => {
    const env = await connect();
    const taskQueue = `it-kill-${randomBytes(4).toString('hex')}`;
    const first = await spawnWorker(taskQueue);
    const slow = (id: string, ms: number, extra = {}) => ({ id, type: 'action', uses: 'test.slow@1', effect: 'read', with: { ms, tag: id }, ...extra });
    const wf = ir([
      slow('one', 100),
      slow('two', 1500, { timeout: '3s', retry: { maxAttempts: 3, backoff: 'fixed', initialInterval: '100ms' } }),
      slow('three', 100),
    ]);
    const handle = await start(env, taskQueue, args(wf));
    for (let i = 0; i < 100; i++) {
      const p = await handle.query(progressQuery);
      if (p.steps.find((s) => s.step === 'two')?.status === 'running') break;
      await sleepMs(100);
    }
    await sleepMs(300); // "two" is executing in the first worker
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const second = await spawnWorker(taskQueue);
    try {
      const result = (await handle.result()) as { status: string; steps: { step: string; attempt?: number; output?: { pid: number } }[] };
      expect(result.status).toBe('succeeded');
      const two = result.steps.find((s) => s.step === 'two')!;
      expect(two.attempt).toBeGreaterThanOrEqual(2);
      expect(two.output?.pid).toBe(second.pid);
      expect(result.steps.find((s) => s.step === 'one')?.output?.pid).toBe(first.pid);
    } finally {
      second.kill('SIGTERM');
      await env.close();
    }
  });
});

describe('security', () => {
  const SECRET = 'pw-Zq81xLmN0pQrsT';
  const keys = `k1:${randomBytes(32).toString('base64')}`;

  test('payloads in raw history are encrypted and readable through the codec', async () => {
    const dataConverter = dataConverterFromKeys(keys)!;
    const env = await connect(dataConverter);
    const w = await startWorker(env, specs({ 'test.echo@1': (input) => ({ echoed: input }) }), { dataConverter });
    try {
      const handle = await start(
        env,
        w.taskQueue,
        args(ir([{ id: 'a', type: 'action', uses: 'test.echo@1', effect: 'read', with: { marker: 'plain-marker-42' } }])),
      );
      await handle.result();
      const history = await handle.fetchHistory();
      const completed = history.events?.find((e) => e.activityTaskCompletedEventAttributes)?.activityTaskCompletedEventAttributes;
      const payload = completed?.result?.payloads?.[0];
      expect(Buffer.from(payload?.metadata?.encoding ?? []).toString()).toBe(ENCRYPTED_ENCODING);
      expect(JSON.stringify(history)).not.toContain('plain-marker-42');
      const codec = (dataConverter.payloadCodecs ?? [])[0] as AesGcmPayloadCodec;
      const [decoded] = await codec.decode([payload!]);
      expect(Buffer.from(decoded!.data!).toString()).toContain('plain-marker-42');
    } finally {
      await w.stop();
      await env.close();
    }
  });

  test('a secret value never appears in the full history or in worker logs', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const secrets = new SecretResolver({ providers: { env: new StaticSecretProvider({ DB_PASSWORD: SECRET }) } });
    const logger = createLogger({ level: 'debug', destination: sink, redactor: () => createRedactor(secrets.values()) });
    const env = await connect();
    const w = await startWorker(
      env,
      specs({
        'test.db@1': (input: { password: string }, ctx) => {
          ctx.log('info', `connecting with ${input.password}`, { password: input.password, dsn: `postgres://u:${input.password}@db` });
          return { dsn: `postgres://u:${input.password}@db`, ok: true };
        },
      }),
      { secrets, log: actionLogger(logger) },
    );
    try {
      const wf = ir([{ id: 'db', type: 'action', uses: 'test.db@1', effect: 'read', with: { password: '{{ secret.DB_PASSWORD }}' } }]);
      const handle = await start(env, w.taskQueue, args(wf));
      const result = await handle.result();
      expect(JSON.stringify(result)).not.toContain(SECRET);
      expect(JSON.stringify(await handle.fetchHistory())).not.toContain(SECRET);
      const log = lines.join('');
      expect(log).toContain('connecting with');
      expect(log).not.toContain(SECRET);
    } finally {
      await w.stop();
      await env.close();
    }
  });
});
