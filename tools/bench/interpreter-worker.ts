/**
 * Child process of the interpreter benchmark (forked with tsx, IPC channel), so the worker's CPU
 * time is its own. Two modes, from FLOWOPS_BENCH_MODE:
 * - `serve`: workers with no-op activities for the interpreter (FLOWOPS_BENCH_TASK_QUEUE) and for the
 *   native baseline (`<queue>-native`); answers `cpu` with `process.cpuUsage()`, stops on `stop`.
 * - `start`: one flowops worker start (`createFlowopsWorker`) with the bundle lookup in
 *   FLOWOPS_BENCH_LOOKUP (JSON); reports how long the start took, then exits.
 * @module
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';

const processStart = performance.timeOrigin;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const send = (m: unknown): void => void process.send?.(m);
const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run through tools/bench/interpreter.ts)`);
  return v;
};

Runtime.install({ logger: new DefaultLogger('ERROR') });
const connection = await NativeConnection.connect({ address: env('FLOWOPS_TEMPORAL_ADDRESS') });

if (env('FLOWOPS_BENCH_MODE') === 'start') {
  const importStart = performance.now();
  const { createFlowopsWorker, interpreterBundleFile } = await import('../../packages/runtime/src/worker');
  const { SecretResolver, StaticSecretProvider } = await import('../../packages/runtime/src/secrets');
  const createStart = performance.now();
  const { worker } = await createFlowopsWorker({
    connection,
    taskQueue: `bench-start-${process.pid}`,
    actions: [{ uses: 'noop.run@1', effect: 'read', run: async () => ({}) }],
    secrets: new SecretResolver({ providers: { env: new StaticSecretProvider({}) } }),
    bundles: JSON.parse(env('FLOWOPS_BENCH_LOOKUP')),
  });
  const ready = performance.now();
  const { source } = await interpreterBundleFile(undefined, JSON.parse(env('FLOWOPS_BENCH_LOOKUP'))); // memoized: the worker's own
  send({
    ready: true,
    totalMs: Date.now() - processStart,
    importMs: createStart - importStart,
    createMs: ready - createStart,
    source,
    state: worker.getState(),
  });
  process.exit(0); // the created (never run) worker holds the connection: no close
}

const { createFlowopsWorker, workflowBundleFile } = await import('../../packages/runtime/src/worker');
const { SecretResolver, StaticSecretProvider } = await import('../../packages/runtime/src/secrets');
const secrets = new SecretResolver({ providers: { env: new StaticSecretProvider({}) } });
const taskQueue = env('FLOWOPS_BENCH_TASK_QUEUE');
// Two workers, one process: the interpreter exactly as production creates it (createFlowopsWorker:
// its bundle, sinks and options) on <queue>, the native baseline from its own bundle (cached like
// the interpreter's) on <queue>-native.
const native = await workflowBundleFile({ name: 'bench-native', workflowsPath: path.join(root, 'tools/bench/bench-workflows.ts') });
const workers = [
  (await createFlowopsWorker({ connection, taskQueue, actions: [{ uses: 'noop.run@1', effect: 'read', run: async () => ({}) }], secrets })).worker,
  await Worker.create({ connection, taskQueue: `${taskQueue}-native`, workflowBundle: { codePath: native.codePath }, activities: { noop: async () => ({}) } }),
];
process.on('message', (m: { cmd: string; id?: number }) => {
  if (m.cmd === 'cpu') send({ id: m.id, cpu: process.cpuUsage() });
  if (m.cmd === 'stop') for (const w of workers) w.shutdown();
});
send({ ready: true });
await Promise.all(workers.map((w) => w.run()));
await connection.close();
process.exit(0);
