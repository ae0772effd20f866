import { describe, expect, it } from 'vitest';
import { getPriority } from 'node:os';
import { backoffMs, supervise } from './supervise';

const idle = ['-e', "process.on('SIGTERM', () => { process.stdout.write('term'); process.exit(0); }); process.stdout.write('ready'); setInterval(() => {}, 1000);"];
/** Resolves once the child printed `ready` (its SIGTERM handler is installed): no sleeping on a busy machine. */
const ready = (c: { stdout: NodeJS.ReadableStream | null }) =>
  new Promise<void>((r) => {
    let seen = '';
    c.stdout!.on('data', function onData(b: Buffer) {
      seen += b.toString();
      if (seen.includes('ready')) {
        c.stdout!.off('data', onData);
        r();
      }
    });
  });
const exited = (c: { once(e: 'exit', f: (code: number | null, sig: NodeJS.Signals | null) => void): unknown }) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => c.once('exit', (code, signal) => r({ code, signal })));

describe('supervise', () => {
  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffMs(n, 100, 1000))).toEqual([100, 200, 400, 800, 1000]);
  });

  it('restarts the child after it is killed, and stop() ends it with SIGTERM', async () => {
    const s = supervise({ command: process.execPath, args: idle, stdio: ['ignore', 'pipe', 'inherit'], minBackoffMs: 50 });
    try {
      const first = s.child!;
      expect(first.pid).toBeGreaterThan(0);
      const next = s.nextSpawn();
      first.kill('SIGKILL');
      const second = await next;
      expect(second.pid).not.toBe(first.pid);
      expect(s.restarts).toBe(1);
      await ready(second);
      let out = '';
      second.stdout!.on('data', (b: Buffer) => (out += b.toString()));
      const done = exited(second);
      await s.stop();
      expect(await done).toEqual({ code: 0, signal: null });
      expect(out).toBe('term');
      expect(s.child).toBeUndefined();
      await new Promise((r) => setTimeout(r, 200));
      expect(s.restarts).toBe(1); // no restart after stop
    } finally {
      await s.stop();
    }
  });

  it('runs the child at the given niceness', async () => {
    const s = supervise({ command: process.execPath, args: idle, stdio: 'ignore', niceness: 10 });
    try {
      expect(getPriority(s.child!.pid!)).toBe(Math.max(10, getPriority()));
    } finally {
      await s.stop();
    }
  });

  it('kills a child that ignores SIGTERM after the grace time', async () => {
    const s = supervise({ command: process.execPath, args: ['-e', "process.on('SIGTERM', () => {}); process.stdout.write('ready'); setInterval(() => {}, 1000);"], stdio: ['ignore', 'pipe', 'inherit'], graceMs: 300 });
    await ready(s.child!);
    const done = exited(s.child!);
    await s.stop();
    expect((await done).signal).toBe('SIGKILL');
  });
});
