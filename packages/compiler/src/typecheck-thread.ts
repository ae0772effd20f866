/**
 * The cold type-check in one worker thread: the CPU-bound TypeScript check runs off the main
 * thread, overlapping with importing and validating the workflow modules. (Splitting it across
 * several workers, or emitting declarations first, measured slower for a cold run on 2 CPUs, so
 * there is one worker.)
 * @module
 */
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from './diagnostic';
import type { TypeCheckResult } from './typecheck';

type Reply = { ok: true; byRoot: [string, Diagnostic[]][]; deps: [string, string[]][] } | { ok: false; message: string };

/** Type-check `roots` (absolute workflow files) against the packages' source in a worker thread. */
export function typecheckInWorker(root: string, roots: string[]): Promise<TypeCheckResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./typecheck-worker.mjs', import.meta.url), { workerData: { root, roots } });
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
