/**
 * What worker versioning costs: a flowops worker started as a deployment version (and made the
 * current version, as `flowops worker` does on a fresh deployment) vs an unversioned worker, in
 * the same run, alternating (ABAB…) on one dev server. Per round and variant, a fresh task queue:
 * - start_ms: Worker.create until the worker can take runs (versioned: until its version is current);
 * - first_task_ms: a one-step run started right after, until its result.
 * Writes bench-results/versioning.json.
 *
 * Usage: npx tsx tools/bench/index.ts versioning [--smoke] [--rounds N]
 * @module
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Workflow } from '@flowops/core';
import { adoptVersionIfNone, createFlowopsWorker, interpreterBundle } from '@flowops/runtime';
import { SecretResolver, StaticSecretProvider } from '@flowops/runtime/security';
import { startDevServer } from '@flowops/testing';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const ir = Workflow.parse({
  apiVersion: 'flowops/v1',
  kind: 'Workflow',
  name: 'bench-versioning',
  version: '1.0.0',
  owner: '@acme/bench',
  input: { type: 'object' },
  steps: [{ id: 'one', type: 'action', uses: 'bench.noop@1', effect: 'read', with: {} }],
});

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { smoke: { type: 'boolean' }, rounds: { type: 'string' } }, allowPositionals: true });
  const rounds = Number(values.rounds ?? (values.smoke ? 2 : 8));
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const server = await startDevServer({ ui: false });
  const connection = await Connection.connect({ address: server.address });
  const native = await NativeConnection.connect({ address: server.address });
  const client = new Client({ connection });
  await interpreterBundle(); // built once, outside the measurements
  const secrets = new SecretResolver({ providers: { env: new StaticSecretProvider({}) } });
  const results: Record<'unversioned' | 'versioned', { start_ms: number[]; first_task_ms: number[] }> = {
    unversioned: { start_ms: [], first_task_ms: [] },
    versioned: { start_ms: [], first_task_ms: [] },
  };
  try {
    for (let r = 0; r < rounds; r++) {
      for (const variant of r % 2 === 0 ? (['unversioned', 'versioned'] as const) : (['versioned', 'unversioned'] as const)) {
        const taskQueue = `bench-versioning-${randomUUID()}`;
        const version = variant === 'versioned' ? { deploymentName: `flowops-${taskQueue}`, buildId: 'bench' } : undefined;
        const t0 = performance.now();
        const { worker } = await createFlowopsWorker({
          connection: native,
          taskQueue,
          secrets,
          actions: [{ uses: 'bench.noop@1', effect: 'read', run: async () => ({}) }],
          versioning: version,
        });
        const running = worker.run();
        if (version) await adoptVersionIfNone(client, version);
        const t1 = performance.now();
        const handle = await client.workflow.start('flowopsInterpreter', {
          taskQueue,
          workflowId: `bench-${randomUUID()}`,
          args: [{ ir, input: {}, env: {}, dryRun: false }],
        });
        await handle.result();
        const t2 = performance.now();
        results[variant].start_ms.push(Math.round(t1 - t0));
        results[variant].first_task_ms.push(Math.round(t2 - t1));
        worker.shutdown();
        await running;
      }
    }
  } finally {
    await native.close();
    await connection.close();
    await server.stop();
  }
  const summary = {
    rounds,
    unversioned: { start_ms: median(results.unversioned.start_ms), first_task_ms: median(results.unversioned.first_task_ms) },
    versioned: { start_ms: median(results.versioned.start_ms), first_task_ms: median(results.versioned.first_task_ms) },
    raw: results,
  };
  mkdirSync(path.join(root, 'bench-results'), { recursive: true });
  writeFileSync(path.join(root, 'bench-results', 'versioning.json'), `${JSON.stringify(summary, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify({ rounds, unversioned: summary.unversioned, versioned: summary.versioned })}\n`);
  return 0;
}
