import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FlowError } from '@flowops/core';
import { connectOrExplain } from '@flowops/runtime';
import { startDevServer } from './dev-server';
import { getFreePort } from './free-port';
import { spawnServer } from './server-process';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'flowops-ds-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function script(name: string, body: string): string {
  const path = join(root, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const isAlive = (pid: number | undefined) => {
  try {
    process.kill(pid!, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startDevServer', () => {
  test('a server that dies at start is a coded error with its output and arguments', async () => {
    const fake = script('temporal', 'echo "$@" >&2; echo "boom: cannot open db" >&2; exit 3');
    const error = await startDevServer({ cli: { kind: 'binary', path: fake, source: 'env' }, namespaces: ['staging'], readyTimeoutMs: 10_000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FlowError);
    const message = (error as FlowError).message;
    expect(message).toMatch(/did not come up at 127\.0\.0\.1:\d+: the server process exited early \(code 3\)/);
    expect(message).toContain('boom: cannot open db');
    expect(message).toMatch(/server start-dev --ip 127\.0\.0\.1 --port \d+ --headless --namespace default --namespace staging/);
    expect(message).toContain('--search-attribute FlowName=Keyword');
    expect(message).toContain('--search-attribute DryRun=Bool');
    expect(message).toMatch(/--log-level warn/);
    expect(message).toMatch(/\[FLOW_TEMPORAL_UNREACHABLE\]$/);
  });

  test('a server that never answers times out and is killed', async () => {
    const pidFile = join(root, 'pid');
    const fake = script('temporal', `echo $$ > ${pidFile}; exec sleep 60`);
    const error = await startDevServer({ cli: { kind: 'binary', path: fake, source: 'env' }, readyTimeoutMs: 1500 }).catch((e: unknown) => e);
    expect((error as FlowError).message).toMatch(/timed out after 1500 ms/);
    expect(isAlive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });
});

describe('spawnServer', () => {
  test('stop escalates to SIGKILL when SIGTERM is ignored', async () => {
    const stubborn = script('stubborn', 'trap "" TERM; echo ready; while true; do sleep 0.1; done');
    const proc = spawnServer(stubborn, []);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    await proc.stop(500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(await proc.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(proc.outputTail()).toBe('ready');
    expect(isAlive(proc.child.pid)).toBe(false);
  });
});

describe('connectOrExplain', () => {
  test('an unreachable address is FLOW_TEMPORAL_UNREACHABLE with a fix', async () => {
    const port = await getFreePort();
    const error = await connectOrExplain(`127.0.0.1:${port}`, { timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlowError);
    expect((error as FlowError).code).toBe('FLOW_TEMPORAL_UNREACHABLE');
    expect((error as FlowError).message).toMatch(
      new RegExp(
        `^could not reach Temporal at 127\\.0\\.0\\.1:${port} \\(.+\\) — To fix: start the dev server with \`npx flowops dev\` or \`temporal server start-dev\`.*\\[FLOW_TEMPORAL_UNREACHABLE\\]$`,
      ),
    );
  });
});
