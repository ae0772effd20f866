/**
 * The type-check of a one-shot `flowops check` (no watch session): answered from the on-disk
 * cache where nothing a workflow depends on changed, the rest checked in one worker thread
 * (ts-morph) or by the native checker (`engine: 'tsgo'`, see typecheck-tsgo.ts), overlapping
 * with loading the workflow modules.
 * @module
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FileHasher } from './cache-store';
import type { Diagnostic } from './diagnostic';
import type { TypeCheckResult } from './typecheck';
import { openTypeCheckCache } from './typecheck-cache';
import { typecheckInWorker } from './typecheck-thread';
import { tsgoEngineName, typecheckWithTsgo } from './typecheck-tsgo';

/** The type-check engines: TypeScript through ts-morph (default) or the native `tsgo` CLI. */
export const ENGINES = ['typescript', 'tsgo'] as const;
export type Engine = (typeof ENGINES)[number];

export interface TypecheckRun {
  /** Type diagnostics per workflow file (complete once `done` resolved). */
  diagnostics: Map<string, Diagnostic[]>;
  /** Local files each workflow depends on, where known (cache or fresh check). */
  deps(file: string): string[] | undefined;
  /** Workflows answered from the cache. */
  hits: number;
  /** Resolves when the checked ones are in `diagnostics` (and the cache is written). */
  done: Promise<void> | undefined;
}

export interface TypecheckRunOptions {
  cache: boolean;
  /** Check in a worker thread (default); in-process checks reuse one Project per tsconfig. */
  worker: boolean;
  engine: Engine;
  /** Run the type-check at all (when false, only cached dependencies are looked up). */
  typecheck: boolean;
  hashOf: FileHasher;
  /** Called with the milliseconds the check took, when one ran. */
  onDone?: (ms: number) => void;
}

export function startTypecheck(root: string, files: string[], options: TypecheckRunOptions): TypecheckRun {
  const started = performance.now();
  const useCache = options.cache && existsSync(path.join(root, 'node_modules'));
  const cache = useCache
    ? openTypeCheckCache(root, { engine: options.engine === 'tsgo' ? tsgoEngineName(root) : undefined, hashOf: options.hashOf })
    : undefined;
  const diagnostics = new Map<string, Diagnostic[]>();
  const fresh = new Map<string, string[]>();
  const deps = (file: string) => fresh.get(file) ?? cache?.depsOf(file);
  if (!options.typecheck) return { diagnostics, deps, hits: 0, done: undefined };
  const misses: string[] = [];
  for (const file of files) {
    const hit = cache?.get(file);
    if (hit) diagnostics.set(file, hit);
    else misses.push(file);
  }
  let done: Promise<void> | undefined;
  if (misses.length > 0) {
    // Cold: check against the packages' source; declarations pay off in long-lived watch sessions only.
    const check: Promise<TypeCheckResult> =
      options.engine === 'tsgo'
        ? typecheckWithTsgo(root, misses)
        : options.worker
          ? typecheckInWorker(root, misses)
          : import('./typecheck').then((m) => m.createTypeChecker(root, { reuse: true }).check(misses));
    done = check.then((result) => {
      for (const [file, list] of result.byRoot) diagnostics.set(file, list);
      for (const [file, list] of result.deps) fresh.set(file, list);
      cache?.save(result);
      options.onDone?.(performance.now() - started);
    });
    // Surface a failure only when awaited, never as an unhandled rejection.
    done.catch(() => undefined);
  }
  return { diagnostics, deps, hits: files.length - misses.length, done };
}
