/**
 * `flowops dev` keeps its Temporal dev server alive: a health check every 10 s
 * (`FLOWOPS_DEV_HEALTH_INTERVAL_MS`); after 3 failed checks in a row (the process died, or the
 * pinned CLI's SQLite wedged after a crash — "interrupted (9)", "shard status unknown", see the
 * README) it stops the server and starts it again on the same port with the same database file,
 * so runs and the registry resume. Workers reconnect by themselves.
 * @module
 */
import { Connection } from '@temporalio/client';
import type { DevServer } from '@flowops/testing';

export interface WatchdogOptions {
  /** Current server (replaced on restart). */
  server: () => DevServer;
  /** Start a new server on the same port and database file. */
  restart: () => Promise<DevServer>;
  onRestart: (reason: string, server: DevServer) => void;
  intervalMs?: number | undefined;
  failuresBeforeRestart?: number | undefined;
}

/** Health check: `describeNamespace(default)` within 5 s. Resolves with an error text or undefined. */
async function check(address: string): Promise<string | undefined> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 5_000 });
    await connection.withDeadline(Date.now() + 5_000, () => connection!.workflowService.describeNamespace({ namespace: 'default' }));
    return undefined;
  } catch (error) {
    return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/** Start watching; returns a function that stops the watchdog. */
export function watchDevServer(o: WatchdogOptions): () => void {
  const interval = o.intervalMs ?? (Number(process.env.FLOWOPS_DEV_HEALTH_INTERVAL_MS) || 10_000);
  const limit = o.failuresBeforeRestart ?? 3;
  let failures = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async (): Promise<void> => {
    const problem = await check(o.server().address);
    if (stopped) return;
    failures = problem ? failures + 1 : 0;
    if (problem && failures >= limit) {
      failures = 0;
      await o
        .server()
        .stop()
        .catch(() => undefined);
      try {
        const next = await o.restart();
        o.onRestart(problem, next);
      } catch (error) {
        o.onRestart(`${problem}; restart failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, o.server());
      }
    }
    if (!stopped) timer = setTimeout(() => void tick(), interval);
  };
  timer = setTimeout(() => void tick(), interval);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
