/**
 * Interpreter overhead benchmark: one dev server, one worker process
 * (`interpreter-worker.ts`: the interpreter from its bundle, the baseline from its own); a 20-step sequential workflow of no-op activities run by the flowops
 * interpreter vs a hand-written native Temporal workflow making the same 20 calls. 200 runs per
 * variant at concurrency 20 (`--smoke`: 10 at 5), batches alternated (ABBA). Per batch the worker
 * process's CPU time (user + sys) is read before and after: `cpu_ratio` = interpreter CPU per run /
 * native CPU per run. Also the worker start time in fresh processes: webpack at start (no prebuilt
 * bundle, empty cache) vs the disk cache vs the prebuilt bundle (medians of `--start-rounds`).
 * Writes bench-results/interpreter.json.
 *
 * Targets: latency ≤ 1.15× native, throughput ≥ 0.85×, cpu_ratio ≤ 1.10, history events ≤ native + 4.
 * Usage: npx tsx tools/bench/index.ts interpreter [--smoke] [--runs N] [--concurrency C]
 *        [--start-rounds N] [--skip-start] [--cpu-prof <dir>] (worker CPU profile, written at its exit)
 * @module
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Workflow } from '@flowops/core';
import { startDevServer } from '@flowops/testing';
import { Client, Connection } from '@temporalio/client';
import { buildBundle, inputsUnchanged, readManifest, storeBundle } from '../../packages/runtime/src/worker/bundle-store';
import { interpreterSpec } from '../../packages/runtime/src/worker/bundle';

const STEPS = 20;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WORKER = path.join(root, 'tools/bench/interpreter-worker.ts');

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

type Variant = 'native' | 'flowops';
type Cpu = { user: number; system: number };

/** Fork the bench worker (tsx) with `env`; resolves with the child and its first message. */
async function forkWorker(env: Record<string, string>, execArgv: string[] = []): Promise<{ child: ChildProcess; first: any; ms: number }> {
  const t = performance.now();
  const child = fork(WORKER, [], {
    execArgv: ['--import', 'tsx', ...execArgv],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const first = await new Promise<any>((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`bench worker exited with ${code} before it was ready`)));
  });
  return { child, first, ms: performance.now() - t };
}

let cpuId = 0;
function cpuOf(child: ChildProcess): Promise<Cpu> {
  const id = ++cpuId;
  return new Promise((resolve) => {
    const on = (m: { id?: number; cpu?: Cpu }): void => {
      if (m.id !== id || !m.cpu) return;
      child.off('message', on);
      resolve(m.cpu);
    };
    child.on('message', on);
    child.send({ cmd: 'cpu', id });
  });
}

type StartMode = 'webpack' | 'cache' | 'prebuilt';

/** Worker start in fresh processes: spawn until `Worker.create` resolved, per bundle source. */
async function workerStarts(address: string, rounds: number): Promise<Record<StartMode, { ms: number[]; createMs: number[] }>> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'flowops-bench-start-'));
  try {
    const prebuiltDir = path.join(tmp, 'dist');
    // (Re)build the prebuilt bundle when an input changed since (other work in the tree): a
    // prebuilt start is measured with a bundle that matches the sources, as after `npm run build`.
    const prebuild = async () => {
      if (!readManifest(prebuiltDir).some((r) => inputsUnchanged(r.inputs)))
        storeBundle(prebuiltDir, interpreterSpec(), await buildBundle(interpreterSpec()), { manifest: true });
    };
    const warmCache = path.join(tmp, 'cache-warm');
    const lookups: Record<StartMode, () => object> = {
      webpack: () => ({ prebuiltDir: path.join(tmp, 'none'), cacheDir: mkdtempSync(path.join(tmp, 'cache-empty-')) }),
      cache: () => ({ prebuiltDir: path.join(tmp, 'none'), cacheDir: warmCache }),
      prebuilt: () => ({ prebuiltDir, cacheDir: mkdtempSync(path.join(tmp, 'cache-empty-')) }),
    };
    const once = async (mode: StartMode) => {
      if (mode === 'prebuilt') await prebuild();
      const { child, first, ms } = await forkWorker({
        FLOWOPS_TEMPORAL_ADDRESS: address,
        FLOWOPS_BENCH_MODE: 'start',
        FLOWOPS_BENCH_LOOKUP: JSON.stringify(lookups[mode]()),
      });
      await new Promise((r) => child.once('exit', r));
      if (first.source !== { webpack: 'built', cache: 'cache', prebuilt: 'prebuilt' }[mode])
        process.stderr.write(`worker start (${mode}): the bundle came from ${first.source}\n`);
      return { ms, createMs: first.createMs as number };
    };
    await once('cache'); // fills the warm cache (a webpack run, not measured)
    const out: Record<StartMode, { ms: number[]; createMs: number[] }> = {
      webpack: { ms: [], createMs: [] },
      cache: { ms: [], createMs: [] },
      prebuilt: { ms: [], createMs: [] },
    };
    const modes: StartMode[] = ['webpack', 'cache', 'prebuilt'];
    for (let r = 0; r < rounds; r++) {
      for (const mode of r % 2 === 0 ? modes : [...modes].reverse()) {
        const x = await once(mode);
        out[mode].ms.push(x.ms);
        out[mode].createMs.push(x.createMs);
      }
    }
    return out;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const r1 = (x: number): number => Math.round(x * 10) / 10;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      smoke: { type: 'boolean' },
      runs: { type: 'string' },
      concurrency: { type: 'string' },
      'start-rounds': { type: 'string' },
      'skip-start': { type: 'boolean' },
      'cpu-prof': { type: 'string' },
    },
    allowPositionals: true,
  });
  const runs = Number(values.runs ?? (values.smoke ? 10 : 200));
  const concurrency = Number(values.concurrency ?? (values.smoke ? 5 : 20));
  const startRounds = Number(values['start-rounds'] ?? (values.smoke ? 1 : 3));
  const external = process.env.FLOWOPS_TEMPORAL_ADDRESS;
  const server = external ? undefined : await startDevServer({ ui: false });
  const address = external ?? server!.address;
  try {
    const starts = values['skip-start'] ? undefined : await workerStarts(address, startRounds);
    const connection = await Connection.connect({ address });
    const client = new Client({ connection });
    const taskQueue = `bench-${Date.now()}`;
    const profile = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(values['cpu-prof'])] : [];
    const { child: worker } = await forkWorker(
      { FLOWOPS_TEMPORAL_ADDRESS: address, FLOWOPS_BENCH_MODE: 'serve', FLOWOPS_BENCH_TASK_QUEUE: taskQueue },
      profile,
    );
    const once: Record<Variant, (i: number) => Promise<number>> = {
      native: async (i) => {
        const t = performance.now();
        await client.workflow.execute('nativeSequence', { taskQueue: `${taskQueue}-native`, workflowId: `bench-native-${taskQueue}-${i}`, args: [STEPS] });
        return performance.now() - t;
      },
      flowops: async (i) => {
        const t = performance.now();
        await client.workflow.execute('flowopsInterpreter', {
          taskQueue,
          workflowId: `bench-flowops-${taskQueue}-${i}`,
          args: [{ ir, input: {}, env: {}, dryRun: false }],
        });
        return performance.now() - t;
      },
    };
    // Warm-up (bundle load, sticky caches, connections), then alternate batches (ABBA) so both
    // variants see the same background load; the worker's CPU is read around every batch.
    await pool(Math.min(20, runs), concurrency, (i) => once.native(100_000 + i));
    await pool(Math.min(20, runs), concurrency, (i) => once.flowops(100_000 + i));
    const batch = Math.max(concurrency * 2, 1);
    const acc = {
      native: { latencies: [] as number[], seconds: 0, cpuMs: 0 },
      flowops: { latencies: [] as number[], seconds: 0, cpuMs: 0 },
    };
    for (let done = 0, round = 0; done < runs; done += batch, round++) {
      const size = Math.min(batch, runs - done);
      const order: Variant[] = round % 2 === 0 ? ['native', 'flowops'] : ['flowops', 'native'];
      for (const v of order) {
        const before = await cpuOf(worker);
        const r = await pool(size, concurrency, (i) => once[v](done + i));
        const after = await cpuOf(worker);
        acc[v].latencies.push(...r.latencies);
        acc[v].seconds += r.seconds;
        acc[v].cpuMs += (after.user - before.user + after.system - before.system) / 1000;
      }
    }
    const count = async (id: string) => (await client.workflow.getHandle(id).fetchHistory()).events?.length ?? 0;
    const historyNative = await count(`bench-native-${taskQueue}-0`);
    const historyFlowops = await count(`bench-flowops-${taskQueue}-0`);
    const exited = new Promise((r) => worker.once('exit', r));
    worker.send({ cmd: 'stop' });
    await exited;
    await connection.close();
    const medNative = median(acc.native.latencies);
    const medFlowops = median(acc.flowops.latencies);
    const thrNative = runs / acc.native.seconds;
    const thrFlowops = runs / acc.flowops.seconds;
    const cpuNative = acc.native.cpuMs / runs;
    const cpuFlowops = acc.flowops.cpuMs / runs;
    const startFigures = starts && {
      worker_start_ms_webpack: Math.round(median(starts.webpack.ms)),
      worker_start_ms_cache: Math.round(median(starts.cache.ms)),
      worker_start_ms_prebuilt: Math.round(median(starts.prebuilt.ms)),
      worker_create_ms_webpack: Math.round(median(starts.webpack.createMs)),
      worker_create_ms_cache: Math.round(median(starts.cache.createMs)),
      worker_create_ms_prebuilt: Math.round(median(starts.prebuilt.createMs)),
      worker_start_rounds: startRounds,
    };
    const report = {
      benchmark: 'interpreter',
      smoke: values.smoke === true,
      steps: STEPS,
      runs,
      concurrency,
      median_latency_ms_native: r1(medNative),
      median_latency_ms_flowops: r1(medFlowops),
      p95_latency_ms_native: r1(p95(acc.native.latencies)),
      p95_latency_ms_flowops: r1(p95(acc.flowops.latencies)),
      throughput_runs_per_s_native: Math.round(thrNative * 100) / 100,
      throughput_runs_per_s_flowops: Math.round(thrFlowops * 100) / 100,
      worker_cpu_ms_per_run_native: r1(cpuNative),
      worker_cpu_ms_per_run_flowops: r1(cpuFlowops),
      latency_ratio: r3(medFlowops / medNative),
      throughput_ratio: r3(thrFlowops / thrNative),
      cpu_ratio: r3(cpuFlowops / cpuNative),
      history_events_native: historyNative,
      history_events_flowops: historyFlowops,
      ...startFigures,
      targets: { latency_ratio_max: 1.15, throughput_ratio_min: 0.85, cpu_ratio_max: 1.1, history_events_max_extra: 4 },
      pass: {
        latency: medFlowops / medNative <= 1.15,
        throughput: thrFlowops / thrNative >= 0.85,
        cpu: cpuFlowops / cpuNative <= 1.1,
        history: historyFlowops <= historyNative + 4,
      },
      load_average: loadavg().map((x) => Math.round(x * 100) / 100),
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
