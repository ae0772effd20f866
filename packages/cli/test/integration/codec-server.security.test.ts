/**
 * `flowops codec-server` as people run it (the real binary, no token): it answers the loopback
 * names with its port and the hosts given with --allow-host, and refuses any other `Host` with a
 * 421 and a coded body (DNS rebinding); its default CORS origins are the dev server UI under both
 * names the CLI prints or people type.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { AesGcmPayloadCodec, parseCodecKeys, payloadToJson } from '@flowops/runtime/security';
import { waitFor } from '@flowops/testing/vitest';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterEach, describe, expect, test } from 'vitest';
import { BIN, MONOREPO } from './gitops/repo';

const KEYS = `cli1:${randomBytes(32).toString('base64')}`;
const SECRET = 'cli-rebinding-plaintext';
const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGTERM');
});

async function start(args: string[]): Promise<{ port: number; banner: string }> {
  const { FLOWOPS_CODEC_TOKEN: _, ...env } = process.env;
  const child = spawn(process.execPath, [BIN, 'codec-server', '--port', '0', ...args], {
    cwd: MONOREPO,
    env: { ...env, FLOWOPS_CODEC_KEYS: KEYS },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const m = await waitFor('the codec server banner', () => /codec server on http:\/\/127\.0\.0\.1:(\d+) .*\n/.exec(out), {
    timeoutMs: 60_000,
    context: () => out,
  });
  return { port: Number(m[1]), banner: m[0] };
}

async function encrypted(): Promise<string> {
  const keys = parseCodecKeys(KEYS);
  if (!keys.ok) throw new Error('bad keys');
  const [payload] = await new AesGcmPayloadCodec(keys.value).encode([defaultPayloadConverter.toPayload({ secret: SECRET })]);
  return JSON.stringify({ payloads: [payloadToJson(payload!)] });
}

function decode(port: number, host: string, body: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/decode', headers: { host, 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('flowops codec-server (the real binary, no token)', () => {
  test('serves loopback hosts and --allow-host, refuses a rebound Host with 421 FLOW_NOT_ALLOWED', { timeout: 120_000 }, async () => {
    const body = await encrypted();
    const { port, banner } = await start(['--allow-host', 'codec.internal']);
    expect(banner).toContain('CORS: http://127.0.0.1:8233, http://localhost:8233');
    expect(banner).toMatch(/no token: loopback only; Host: loopback, codec\.internal/);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'codec.internal']) {
      const res = await decode(port, host, body);
      expect(res.status, host).toBe(200);
      expect(Buffer.from(JSON.parse(res.body).payloads[0].data, 'base64').toString()).toContain(SECRET);
    }
    const rebound = await decode(port, `attacker.example:${port}`, body);
    expect(rebound.status).toBe(421);
    expect(rebound.body).not.toContain(SECRET);
    expect(JSON.parse(rebound.body)).toMatchObject({ code: 'FLOW_NOT_ALLOWED', error: expect.stringMatching(/To fix: .*--allow-host.*\[FLOW_NOT_ALLOWED\]$/) });
  });
});
