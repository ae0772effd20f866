/**
 * Interpreter overhead benchmark: one dev server, one worker; a 20-step sequential workflow of
 * no-op activities run by the flowops interpreter vs a hand-written native Temporal workflow
 * making the same 20 calls. 200 runs per variant at concurrency 20 (`--smoke`: 10 at 5).
 * Writes bench-results/interpreter.json.
 *
 * Targets: latency ≤ 1.15× native, throughput ≥ 0.85×, history events ≤ native + 4.
 * Usage: npx tsx tools/bench/index.ts interpreter [--smoke] [--runs N] [--concurrency C]
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Workflow } from '@flowops/core';
import { activitiesFromSpecs } from '@flowops/runtime';
import { SecretResolver, StaticSecretProvider } from '@flowops/runtime/security';
import { startDevServer } from '@flowops/testing';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';

const STEPS = 20;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const ir = Workflow.parse({
  apiVersion: 'flowops/v1',
  kind: 'Workflow',
  name: 'bench-sequence',
  version: '1.0.0',
  owner: '@flowops/bench',
  input: { type: 'object' },
  // Same activity options as the native workflow: 30s start-to-close, 3 attempts, exponential from 1s.
  defaults: { timeout: '30s', retry: { maxAttempts: 3, backoff: 'exponential', initialInterval: '1s', coefficient: 2 } },
  steps: Array.from({ length: STEPS }, (_, i) => ({ id: `s${i}`, type: 'action', uses: 'noop.run@1', effect: 'read', with: { step: i } })),
});

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

async function pool(n: number, concurrency: number, fn: (i: number) => Promise<number>): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) latencies.push(await fn(next++));
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { smoke: { type: 'boolean' }, runs: { type: 'string' }, concurrency: { type: 'string' } },
    allowPositionals: true,
  });
  const runs = Number(values.runs ?? (values.smoke ? 10 : 200));
  const concurrency = Number(values.concurrency ?? (values.smoke ? 5 : 20));
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const external = process.env.FLOWOPS_TEMPORAL_ADDRESS;
  const server = external ? undefined : await startDevServer({ ui: false });
  const address = external ?? server!.address;
  try {
    const connection = await Connection.connect({ address });
    const client = new Client({ connection });
    const native = await NativeConnection.connect({ address });
    const taskQueue = `bench-${Date.now()}`;
    const secrets = new SecretResolver({ providers: { env: new StaticSecretProvider({}) } });
    const worker = await Worker.create({
      connection: native,
      taskQueue,
      workflowBundle: await bundleWorkflowCode({ workflowsPath: path.join(root, 'tools/bench/bench-workflows.ts'), logger: new DefaultLogger('ERROR') }),
      activities: {
        noop: async () => ({}),
        ...activitiesFromSpecs([{ uses: 'noop.run@1', effect: 'read', run: async () => ({}) }], { secrets }),
      },
    });
    const once = {
      native: async (i: number) => {
        const t = performance.now();
        await client.workflow.execute('nativeSequence', { taskQueue, workflowId: `bench-native-${taskQueue}-${i}`, args: [STEPS] });
        return performance.now() - t;
      },
      flowops: async (i: number) => {
        const t = performance.now();
        await client.workflow.execute('flowopsInterpreter', {
          taskQueue,
          workflowId: `bench-flowops-${taskQueue}-${i}`,
          args: [{ ir, input: {}, env: {}, dryRun: false }],
        });
        return performance.now() - t;
      },
    };
    const result = await worker.runUntil(async () => {
      // Warm-up (bundle load, sticky caches, connections), then alternate batches to even out drift.
      await pool(Math.min(20, runs), concurrency, (i) => once.native(100_000 + i));
      await pool(Math.min(20, runs), concurrency, (i) => once.flowops(100_000 + i));
      // Alternate batches (ABBA) so both variants see the same background load.
      const batch = Math.max(concurrency * 2, 1);
      const acc = { native: { latencies: [] as number[], seconds: 0 }, flowops: { latencies: [] as number[], seconds: 0 } };
      for (let done = 0, round = 0; done < runs; done += batch, round++) {
        const size = Math.min(batch, runs - done);
        const order: ('native' | 'flowops')[] = round % 2 === 0 ? ['native', 'flowops'] : ['flowops', 'native'];
        for (const v of order) {
          const r = await pool(size, concurrency, (i) => once[v](done + i));
          acc[v].latencies.push(...r.latencies);
          acc[v].seconds += r.seconds;
        }
      }
      const count = async (id: string) => (await client.workflow.getHandle(id).fetchHistory()).events?.length ?? 0;
      return {
        native: acc.native,
        flowops: acc.flowops,
        historyNative: await count(`bench-native-${taskQueue}-0`),
        historyFlowops: await count(`bench-flowops-${taskQueue}-0`),
      };
    });
    await connection.close();
    await native.close();
    const medNative = median(result.native.latencies);
    const medFlowops = median(result.flowops.latencies);
    const thrNative = runs / result.native.seconds;
    const thrFlowops = runs / result.flowops.seconds;
    const report = {
      benchmark: 'interpreter',
      smoke: values.smoke === true,
      steps: STEPS,
      runs,
      concurrency,
      median_latency_ms_native: Math.round(medNative * 10) / 10,
      median_latency_ms_flowops: Math.round(medFlowops * 10) / 10,
      p95_latency_ms_native: Math.round(p95(result.native.latencies) * 10) / 10,
      p95_latency_ms_flowops: Math.round(p95(result.flowops.latencies) * 10) / 10,
      throughput_runs_per_s_native: Math.round(thrNative * 100) / 100,
      throughput_runs_per_s_flowops: Math.round(thrFlowops * 100) / 100,
      latency_ratio: Math.round((medFlowops / medNative) * 1000) / 1000,
      throughput_ratio: Math.round((thrFlowops / thrNative) * 1000) / 1000,
      history_events_native: result.historyNative,
      history_events_flowops: result.historyFlowops,
      targets: { latency_ratio_max: 1.15, throughput_ratio_min: 0.85, history_events_max_extra: 4 },
      pass: {
        latency: medFlowops / medNative <= 1.15,
        throughput: thrFlowops / thrNative >= 0.85,
        history: result.historyFlowops <= result.historyNative + 4,
      },
      node: process.version,
      date: new Date().toISOString(),
    };
    mkdirSync(path.join(root, 'bench-results'), { recursive: true });
    const out = path.join(root, 'bench-results/interpreter.json');
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\nwrote ${path.relative(process.cwd(), out)}\n`);
    return 0;
  } finally {
    await server?.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.exitCode = await run(process.argv.slice(2));
}
