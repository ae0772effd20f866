/**
 * A worker for the flowops system workflows (registry, capabilities) on the system task queue.
 * The CLI runs one in-process for the duration of a command, so publishing needs nothing
 * deployed beforehand; long-lived workers can run one too. The workflow bundle is built once
 * and cached under ~/.cache/flowops/bundles, keyed by the content of the bundled sources.
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { SYSTEM_TASK_QUEUE } from '../workflows/registry/types';

const HERE = dirname(fileURLToPath(import.meta.url));
const SANDBOX = join(HERE, '..', 'workflows');
/** The system workflows' entry: the source, or the built JS when running from dist/. */
const WORKFLOWS = existsSync(join(SANDBOX, 'system.ts')) ? join(SANDBOX, 'system.ts') : join(SANDBOX, 'system.js');

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|js)$/.test(e.name) && !/\.(test|d)\.ts$/.test(e.name) ? [p] : [];
  });
}

/** Content key of everything the system bundle contains: our sources, @flowops/core, semver. */
function bundleKey(): string {
  const h = createHash('sha256');
  const require = createRequire(import.meta.url);
  const roots = [join(SANDBOX, 'registry'), join(SANDBOX, 'capabilities'), dirname(require.resolve('@flowops/core'))];
  for (const file of [WORKFLOWS, ...roots.flatMap(sourceFiles)].sort()) h.update(file).update(readFileSync(file));
  h.update('@temporalio/worker@1.24.0').update(`semver@${(require('semver/package.json') as { version: string }).version}`);
  return h.digest('hex').slice(0, 20);
}

const bundles = new Map<string, Promise<string>>();

/**
 * The system workflows' bundle code (built once per content, cached on disk). Pass the data
 * converter's `failureConverterPath` (set when payloads are encrypted) so failures raised in the
 * system workflows are encoded too; it is part of the cache key.
 */
export function systemWorkflowBundle(failureConverterPath?: string | undefined): Promise<string> {
  const key = failureConverterPath ?? '';
  let bundle = bundles.get(key);
  if (!bundle) {
    bundle = (async () => {
      const dir = join(process.env.FLOWOPS_CACHE_DIR ?? join(homedir(), '.cache', 'flowops'), 'bundles');
      const converter = failureConverterPath
        ? `-${createHash('sha256').update(failureConverterPath).update(readFileSync(failureConverterPath)).digest('hex').slice(0, 12)}`
        : '';
      const file = join(dir, `system-${bundleKey()}${converter}.js`);
      if (existsSync(file)) return readFileSync(file, 'utf8');
      const { bundleWorkflowCode } = await import('@temporalio/worker');
      const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS, logger: quietLogger, ...(failureConverterPath ? { failureConverterPath } : {}) });
      mkdirSync(dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, code);
      renameSync(tmp, file);
      return code;
    })();
    bundle.catch(() => bundles.delete(key));
    bundles.set(key, bundle);
  }
  return bundle;
}

const noop = (): void => {};
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };

export interface SystemWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue?: string;
  /**
   * Short-lived worker (the CLI): no workflow cache, so no sticky queue outlives the process
   * and the next worker picks tasks up at once. Histories are short (continue-as-new).
   */
  ephemeral?: boolean;
  identity?: string;
  /** The environment's payload codec: memo and update payloads must decode on both sides. */
  dataConverter?: DataConverter;
}

export interface RunningSystemWorker {
  worker: Worker;
  stop(): Promise<void>;
}

/** Create a worker for the system workflows (call `run()` yourself). */
export async function createSystemWorker(options: SystemWorkerOptions): Promise<Worker> {
  const { Worker } = await import('@temporalio/worker'); // loaded on demand: importing the runtime stays cheap
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? SYSTEM_TASK_QUEUE,
    workflowBundle: { code: await systemWorkflowBundle(options.dataConverter?.failureConverterPath) },
    ...(options.identity ? { identity: options.identity } : {}),
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    ...(options.ephemeral ? { maxCachedWorkflows: 0, maxConcurrentWorkflowTaskExecutions: 20 } : {}),
  });
}

/** Create and run a system worker until `stop()`. */
export async function startSystemWorker(options: SystemWorkerOptions): Promise<RunningSystemWorker> {
  const worker = await createSystemWorker(options);
  const running = worker.run();
  return {
    worker,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}
