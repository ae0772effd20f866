/**
 * On-disk type-check cache (`node_modules/.cache/flowops/typecheck.json`): per workflow file, the
 * content hashes of every local file it imports (itself included) and its diagnostics. A file
 * whose hashes all match is not type-checked again. The key also covers the engine and its
 * version, the tsconfig and the lockfile (what node_modules holds).
 * @module
 */
import path from 'node:path';
import { cacheDir, type FileHasher, fileHasher, keyOf, readCache, writeCache } from './cache-store';
import type { Diagnostic } from './diagnostic';
import { declarationTarget } from './dts';
import { tsMorphVersion } from './lazy-ts';
import type { TypeCheckResult } from './typecheck';

interface Entry {
  deps: Record<string, string>;
  diagnostics: Diagnostic[];
}

export interface TypeCheckCache {
  /** Cached diagnostics for `file` if nothing it depends on changed. */
  get(file: string): Diagnostic[] | undefined;
  /** The local files `file` depends on (itself included) if none of them changed since they were recorded. */
  depsOf(file: string): string[] | undefined;
  /** Record fresh results and write the cache file. */
  save(result: TypeCheckResult): void;
}

/** One file per engine, so checking with one engine does not drop the other's results. */
export function cacheFile(root: string, engine?: string): string {
  return path.join(cacheDir(root), engine ? `typecheck-${engine.replace(/[^\w.-]+/g, '_')}.json` : 'typecheck.json');
}

/** Open the cache of `root`; `engine` names the checker whose results it holds (e.g. `tsgo@7.0.0`). */
export function openTypeCheckCache(root: string, options: { engine?: string; hashOf?: FileHasher } = {}): TypeCheckCache {
  const file = cacheFile(root, options.engine);
  const hashOf = options.hashOf ?? fileHasher();
  const key = keyOf([
    options.engine ?? `ts-morph@${tsMorphVersion()}`,
    declarationTarget(root)?.key ?? 'source',
    hashOf(path.join(root, 'tsconfig.json')),
    hashOf(path.join(root, 'tsconfig.base.json')),
    hashOf(path.join(root, 'package-lock.json')),
  ]);
  const entries = readCache<Entry>(file, key);
  const valid = (f: string): Entry | undefined => {
    const entry = entries[f];
    if (!entry) return undefined;
    for (const [dep, hash] of Object.entries(entry.deps)) if ((hashOf(dep) ?? '') !== hash) return undefined;
    return entry;
  };
  return {
    get: (f) => valid(f)?.diagnostics,
    depsOf: (f) => {
      const entry = valid(f);
      return entry ? Object.keys(entry.deps) : undefined;
    },
    save(result) {
      const fresh: Record<string, Entry> = {};
      for (const [root_, diagnostics] of result.byRoot) {
        const deps: Record<string, string> = {};
        for (const dep of result.deps.get(root_) ?? [root_]) {
          hashOf.forget(dep);
          deps[dep] = hashOf(dep) ?? '';
        }
        fresh[root_] = { deps, diagnostics };
        entries[root_] = fresh[root_];
      }
      writeCache(file, key, fresh);
    },
  };
}
