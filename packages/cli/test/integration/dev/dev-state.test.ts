/**
 * The real `flowops dev`: state in a db file under FLOWOPS_STATE_DIR by default (and says where);
 * a SIGKILLed dev server is restarted by the watchdog with the same file; a restarted `flowops dev`
 * still knows the runs of the previous one.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@flowops/testing/vitest';
import { afterAll, describe, expect, test } from 'vitest';
import { BIN, MONOREPO } from '../gitops/repo';

const state = mkdtempSync(join(tmpdir(), 'flowops-dev-state-'));
const env = { ...process.env, FLOWOPS_STATE_DIR: state, FLOWOPS_DEV_HEALTH_INTERVAL_MS: '1000', FLOWOPS_TEMPORAL_ADDRESS: '' };
const children: ChildProcess[] = [];

function startDev(): { child: ChildProcess; out: () => string } {
  const child = spawn(process.execPath, [BIN, 'dev'], { cwd: MONOREPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  return { child, out: () => out };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

function status(address: string, id: string): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [BIN, 'status', id, '--env', 'local'], {
    cwd: MONOREPO,
    env: { ...env, FLOWOPS_TEMPORAL_ADDRESS: address },
    encoding: 'utf8',
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

afterAll(async () => {
  for (const c of children) await stop(c).catch(() => undefined);
  rmSync(state, { recursive: true, force: true });
});

describe('flowops dev state', () => {
  test('keeps state in a db file, survives a SIGKILLed dev server and a restart of dev', async () => {
    const first = startDev();
    await waitFor('dev ready', () => first.out().includes('Ready.'), { timeoutMs: 240_000, context: () => first.out() });
    const db = join(state, 'dev', 'temporal.db');
    expect(first.out()).toContain(`state: ${db}`);
    expect(existsSync(db)).toBe(true);
    const runId = /demo run (\S+)/.exec(first.out())![1]!;
    const address = /Temporal dev server at (\S+)/.exec(first.out())![1]!;

    // kill the Temporal server under dev: the watchdog restarts it with the same database
    const serverPid = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(first.child.pid)], { encoding: 'utf8' })
      .split('\n')
      .find((l) => l.includes('start-dev'))
      ?.trim()
      .split(/\s+/)[0];
    expect(serverPid).toBeTruthy();
    process.kill(Number(serverPid), 'SIGKILL');
    await waitFor('the watchdog restart', () => first.out().includes('restarted it at'), { timeoutMs: 120_000, context: () => first.out() });
    await waitFor('status after the restart', () => status(address, runId).code === 0, { timeoutMs: 60_000, context: () => status(address, runId).out });
    expect(status(address, runId).out).toMatch(/succeeded/);
    await stop(first.child);

    // a new `flowops dev` on the same state still has the run
    const second = startDev();
    await waitFor('second dev ready', () => second.out().includes('Ready.'), { timeoutMs: 240_000, context: () => second.out() });
    const again = /Temporal dev server at (\S+)/.exec(second.out())![1]!;
    const r = status(again, runId);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/succeeded/);
    await stop(second.child);
  }, 600_000);
});
