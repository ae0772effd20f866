/**
 * Keep a child process running: `flowops app` serves webhooks itself and runs the Temporal
 * worker as a supervised child, so activity work never delays a webhook answer. The child is
 * restarted when it exits unexpectedly, with exponential backoff (reset once it stayed up for
 * `stableMs`); `stop()` sends it SIGTERM (SIGKILL after `graceMs`) and stops restarting; a
 * parent that exits without `stop()` still kills it.
 * @module
 */
import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process';
import { setPriority } from 'node:os';

export interface SupervisorOptions {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  stdio?: StdioOptions;
  /** First restart delay (default 500 ms), doubled per crash up to `maxBackoffMs` (default 30 s). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A child up this long counts as healthy: the next crash restarts after `minBackoffMs` again (default 60 s). */
  stableMs?: number;
  /** Time between SIGTERM and SIGKILL on `stop()` (default 15 s). */
  graceMs?: number;
  /**
   * OS scheduling niceness of the child (e.g. 10: the worker yields the CPU to the webhook
   * server under load). Ignored where it cannot be set.
   */
  niceness?: number;
  log?: (event: Record<string, unknown>) => void;
}

export interface Supervisor {
  /** The running child (undefined while waiting to restart or after stop). */
  readonly child: ChildProcess | undefined;
  /** How many times the child was restarted after an unexpected exit. */
  readonly restarts: number;
  /** Resolves with the next spawned child (tests, readiness). */
  nextSpawn(): Promise<ChildProcess>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function backoffMs(crashes: number, min: number, max: number): number {
  return Math.min(max, min * 2 ** Math.max(0, crashes - 1));
}

export function supervise(o: SupervisorOptions): Supervisor {
  const min = o.minBackoffMs ?? 500;
  const max = o.maxBackoffMs ?? 30_000;
  const stable = o.stableMs ?? 60_000;
  const grace = o.graceMs ?? 15_000;
  const log = o.log ?? (() => {});
  let child: ChildProcess | undefined;
  let stopping = false;
  let restarts = 0;
  let crashes = 0;
  let timer: NodeJS.Timeout | undefined;
  let spawnWaiters: Array<(c: ChildProcess) => void> = [];
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const start = () => {
    timer = undefined;
    const startedAt = Date.now();
    const c = spawn(o.command, o.args, { env: o.env ?? process.env, stdio: o.stdio ?? 'inherit' });
    child = c;
    if (o.niceness !== undefined && c.pid !== undefined) {
      try {
        setPriority(c.pid, o.niceness);
      } catch {
        // not permitted here (e.g. lowering niceness without privileges): keep the default
      }
    }
    log({ msg: 'worker started', pid: c.pid, restarts });
    const waiters = spawnWaiters;
    spawnWaiters = [];
    for (const w of waiters) w(c);
    c.once('error', (err) => log({ msg: 'worker could not be spawned', error: err.message }));
    c.once('exit', (code, signal) => {
      if (child === c) child = undefined;
      if (stopping) return;
      crashes = Date.now() - startedAt >= stable ? 1 : crashes + 1;
      const delay = backoffMs(crashes, min, max);
      log({ msg: 'worker exited; restarting', code, signal, inMs: delay });
      restarts++;
      timer = setTimeout(start, delay);
    });
  };
  start();

  return {
    get child() {
      return child;
    },
    get restarts() {
      return restarts;
    },
    nextSpawn: () => new Promise((resolve) => spawnWaiters.push(resolve)),
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      stopping = true;
      if (timer) clearTimeout(timer);
      process.removeListener('exit', killOnExit);
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise<void>((r) => c.once('exit', () => r()));
      c.kill(signal);
      const kill = setTimeout(() => c.kill('SIGKILL'), grace);
      await exited;
      clearTimeout(kill);
    },
  };
}
