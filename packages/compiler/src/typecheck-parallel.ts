/**
 * The cold type-check in worker threads: the CPU-bound TypeScript check runs off the main
 * thread (overlapping with importing and validating the workflow modules), split across up to
 * `availableParallelism()` workers when there are many workflows. Each worker builds its own
 * Program for its share of the workflows (the shared SDK/zod types are parsed once per worker).
 * @module
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from './diagnostic';
import type { TypeCheckResult } from './typecheck';

type Reply =
  | { ok: true; byRoot: [string, Diagnostic[]][]; deps: [string, string[]][] }
  | { ok: false; message: string };

/** Workflows per worker below which another worker costs more than it saves. */
const MIN_PER_WORKER = 40;

function runWorker(root: string, roots: string[], declarations: boolean): Promise<TypeCheckResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./typecheck-worker.mjs', import.meta.url), { workerData: { root, roots, declarations } });
    worker.once('message', (reply: Reply) => {
      void worker.terminate();
      if (reply.ok) resolve({ byRoot: new Map(reply.byRoot), deps: new Map(reply.deps) });
      else reject(new Error(`type-check failed: ${reply.message}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`type-check worker exited with code ${code}`));
    });
  });
}

export async function typecheckInWorker(
  root: string,
  roots: string[],
  options: { declarations?: boolean; maxWorkers?: number } = {},
): Promise<TypeCheckResult> {
  const maxWorkers = options.maxWorkers ?? availableParallelism();
  const workers = Math.max(1, Math.min(maxWorkers, 4, Math.floor(roots.length / MIN_PER_WORKER)));
  const chunks: string[][] = Array.from({ length: workers }, () => []);
  roots.forEach((file, i) => chunks[i % workers]!.push(file));
  const results = await Promise.all(chunks.map((chunk) => runWorker(root, chunk, options.declarations ?? false)));
  const merged: TypeCheckResult = { byRoot: new Map(), deps: new Map() };
  for (const r of results) {
    for (const [k, v] of r.byRoot) merged.byRoot.set(k, v);
    for (const [k, v] of r.deps) merged.deps.set(k, v);
  }
  return merged;
}
