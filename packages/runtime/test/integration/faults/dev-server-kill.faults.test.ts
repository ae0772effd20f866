/**
 * Fault suite: the Temporal dev server itself is SIGKILLed with runs in flight and restarted on
 * the same port and database file (what `flowops dev` does) → every run completes, no effect is
 * applied twice. Uses its own dev server, not the suite's shared one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getFreePorts, startDevServer } from '@flowops/testing';
import { Client, Connection } from '@temporalio/client';
import { describe, expect, test } from 'vitest';
import { startEffectsServer } from './effects-server';
import { devServerPid, killHard, outcomes, spawnFaultWorker, startRuns, writeHeavyWorkflow } from './fault-scenarios';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('dev server SIGKILLed with runs in flight', () => {
  test('restarted on its database file, every run completes with 0 duplicate effects', { timeout: 420_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowops-faults-db-'));
    const [port] = await getFreePorts(1, '127.0.0.1');
    const options = { dbFile: join(dir, 'temporal.db'), port: port!, ui: false };
    let server = await startDevServer(options);
    const effects = await startEffectsServer({ delayMs: [500, 1500] });
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection });
    const taskQueue = `faults-dev-${port}`;
    const worker = { current: await spawnFaultWorker(server.address, taskQueue) };
    // a worker that gives up while the server is down is replaced
    const keepAlive = setInterval(() => {
      if (worker.current.exitCode !== null || worker.current.signalCode !== null) {
        void spawnFaultWorker(server.address, taskQueue).then(
          (w) => (worker.current = w),
          () => undefined,
        );
      }
    }, 2000);
    try {
      const handles = await startRuns(client, taskQueue, 8, effects.url, writeHeavyWorkflow());
      for (let i = 0; i < 100 && effects.stats().applied < 8; i++) await sleep(100);
      const pid = devServerPid(port!);
      expect(pid).toBeTruthy();
      process.kill(pid!, 'SIGKILL');
      const killedWith = effects.stats().applied;
      await sleep(3000);
      server = await startDevServer(options);
      const result = await outcomes(
        client,
        handles.map((h) => h.workflowId),
        240_000,
      );
      const stats = effects.stats();
      process.stderr.write(`[faults] dev server kill: ${JSON.stringify({ killedWith, ...result, ...stats })}\n`);
      expect(result.failed).toEqual([]);
      expect(result.completed).toBe(8);
      expect(stats.applied).toBe(8 * 8);
      expect(stats.duplicateEffects).toBe(0);
      expect(killedWith).toBeLessThan(8 * 8); // the kill happened with work left
    } finally {
      clearInterval(keepAlive);
      await killHard(worker.current);
      await connection.close();
      await effects.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
