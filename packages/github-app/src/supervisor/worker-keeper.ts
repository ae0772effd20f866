/**
 * Keep the App's Temporal worker polling, in process. The worker's state is checked every
 * second: anything but `RUNNING` makes `/healthz` unhealthy (with the reason). A worker whose
 * `run()` ended (stopped, failed) — or that stayed out of `RUNNING` for `stuckMs` — is replaced
 * by a new one after an exponential backoff; when `maxAttempts` creations in a row fail the
 * keeper gives up and health stays unhealthy, so an orchestrator restarts the process.
 * @module
 */
import type { Health } from '../server/webhook-server';

/** What the keeper needs of a worker (`@temporalio/worker`'s `Worker` has it). */
export interface KeptWorker {
  run(): Promise<void>;
  getState(): string;
  shutdown(): void;
}

export interface WorkerKeeperOptions {
  create: () => Promise<KeptWorker>;
  log?: (event: Record<string, unknown>) => void;
  /** First restart delay (default 500 ms), doubled per failure up to `maxBackoffMs` (default 30 s). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Failed creations in a row before giving up (default 8). */
  maxAttempts?: number;
  /** A worker out of `RUNNING` this long without ending is replaced anyway (default 30 s). */
  stuckMs?: number;
  /** How often the state is checked (default 1 s). */
  checkEveryMs?: number;
}

export interface WorkerKeeper {
  /** The worker polling now (undefined while restarting). */
  readonly current: KeptWorker | undefined;
  /** How many times a worker was replaced. */
  readonly restarts: number;
  health(): Health;
  stop(): Promise<void>;
}

/** Exponential backoff: `min` after the first failure, doubled per failure, at most `max`. */
export function backoffMs(failures: number, min: number, max: number): number {
  return Math.min(max, min * 2 ** Math.max(0, failures - 1));
}

/** Creates the first worker (throws when it cannot) and keeps one polling until `stop()`. */
export async function keepWorker(o: WorkerKeeperOptions): Promise<WorkerKeeper> {
  const log = o.log ?? (() => {});
  const min = o.minBackoffMs ?? 500;
  const max = o.maxBackoffMs ?? 30_000;
  const maxAttempts = o.maxAttempts ?? 8;
  const stuckMs = o.stuckMs ?? 30_000;
  let current: KeptWorker | undefined;
  let running: Promise<void> | undefined;
  let restarts = 0;
  let failures = 0;
  let stopping = false;
  let gaveUp: string | undefined;
  let lastError: string | undefined;
  let notRunningSince: number | undefined;
  let timer: NodeJS.Timeout | undefined;

  const launch = (worker: KeptWorker) => {
    current = worker;
    notRunningSince = undefined;
    const run = worker.run().then(
      () => ended(worker, 'the worker stopped'),
      (err: unknown) => ended(worker, `the worker failed: ${err instanceof Error ? err.message : String(err)}`),
    );
    running = run;
  };

  const ended = (worker: KeptWorker, why: string) => {
    if (stopping || current !== worker) return;
    current = undefined;
    lastError = why;
    replace(why);
  };

  const replace = (why: string) => {
    failures++;
    if (failures > maxAttempts) {
      gaveUp = `${why}; gave up after ${maxAttempts} restarts in a row`;
      log({ msg: 'worker could not be restarted; /healthz stays 503 until the process is restarted', reason: gaveUp });
      return;
    }
    const delay = backoffMs(failures, min, max);
    log({ msg: 'worker stopped polling; restarting', reason: why, inMs: delay });
    timer = setTimeout(async () => {
      timer = undefined;
      if (stopping) return;
      try {
        const worker = await o.create();
        if (stopping) return worker.shutdown();
        restarts++;
        launch(worker);
        log({ msg: 'worker restarted', restarts });
      } catch (err) {
        lastError = `could not create the worker: ${err instanceof Error ? err.message : String(err)}`;
        replace(lastError);
      }
    }, delay);
  };

  launch(await o.create());
  const check = setInterval(() => {
    const worker = current;
    if (!worker || stopping) return;
    const state = worker.getState();
    if (state === 'RUNNING') {
      notRunningSince = undefined;
      lastError = undefined;
      failures = 0; // polling again: the next failure starts the backoff from the bottom
      return;
    }
    notRunningSince ??= Date.now();
    if (Date.now() - notRunningSince >= stuckMs) {
      current = undefined; // left to end on its own; a new one polls meanwhile
      lastError = `the worker stayed ${state} for ${stuckMs} ms`;
      replace(lastError);
    }
  }, o.checkEveryMs ?? 1000);
  check.unref();

  return {
    get current() {
      return current;
    },
    get restarts() {
      return restarts;
    },
    health(): Health {
      if (gaveUp) return { ok: false, worker: 'FAILED', reason: gaveUp, restarts };
      const state = current?.getState() ?? 'RESTARTING';
      if (state === 'RUNNING') return { ok: true, worker: state, restarts };
      return { ok: false, worker: state, reason: `the App's worker is not polling (${state})${lastError ? `: ${lastError}` : ''}`, restarts };
    },
    async stop() {
      stopping = true;
      clearInterval(check);
      clearTimeout(timer);
      // A worker already draining (e.g. the Temporal Runtime got a shutdown signal) throws on a second shutdown.
      if (current?.getState() === 'RUNNING') current.shutdown();
      const worker = current;
      // An abandoned worker stuck in draining may never end: wait for the current one only, bounded.
      await Promise.race([worker ? running : undefined, new Promise((r) => setTimeout(r, 20_000).unref())]);
    },
  };
}
