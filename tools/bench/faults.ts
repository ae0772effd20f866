/**
 * Fault benchmark (not a test): `npm run bench -- faults [--runs 100] [--kills 8]`.
 * 100 write-heavy runs (8 POSTs each, real http plugin) against the deduplicating effects
 * server while the worker process is SIGKILLed 8 times at random moments and restarted.
 * Writes bench-results/faults.json: runs, completed, duplicate_effects, max_recovery_s (+ details).
 * Uses FLOWOPS_TEMPORAL_ADDRESS when set, else starts its own dev server.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startDevServer } from '@flowops/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { workerKillScenario } from '../../packages/runtime/test/integration/faults/fault-scenarios';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { runs: { type: 'string' }, kills: { type: 'string' } }, allowPositionals: true });
  const runs = Number(values.runs ?? 100);
  const kills = Number(values.kills ?? 8);
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const external = process.env.FLOWOPS_TEMPORAL_ADDRESS;
  const server = external ? undefined : await startDevServer({ ui: false });
  const loadBefore = loadavg();
  try {
    const result = await workerKillScenario({
      address: external ?? server!.address,
      runs,
      kills,
      gapMs: [3000, 9000],
      spreadMs: 120_000, // runs keep starting while the kills happen
      timeoutMs: 900_000,
      log: (line) => process.stderr.write(`[faults] ${line}\n`),
    });
    const report = {
      ...result,
      failed: result.failed.length,
      failures: result.failed.slice(0, 10),
      load_average: { before: loadBefore.map((l) => Math.round(l * 100) / 100), after: loadavg().map((l) => Math.round(l * 100) / 100) },
      cores: (await import('node:os')).cpus().length,
      measured_at: new Date().toISOString(),
      ok: result.completed === runs && result.duplicate_effects === 0,
    };
    mkdirSync(path.join(root, 'bench-results'), { recursive: true });
    writeFileSync(path.join(root, 'bench-results/faults.json'), `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return report.ok ? 0 : 1;
  } finally {
    await server?.stop();
  }
}
