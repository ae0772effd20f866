/**
 * On-disk type-check cache (`node_modules/.cache/flowops/typecheck.json`): per workflow file, the
 * content hashes of every local file it imports (itself included) and its diagnostics. A file
 * whose hashes all match is not type-checked again. The key also covers the TypeScript version,
 * the tsconfig and the lockfile (what node_modules holds).
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from './diagnostic';
import { declarationTarget } from './dts';
import { tsMorphVersion } from './lazy-ts';
import type { TypeCheckResult } from './typecheck';

interface Entry {
  deps: Record<string, string>;
  diagnostics: Diagnostic[];
}

interface CacheFile {
  key: string;
  entries: Record<string, Entry>;
}

export interface TypeCheckCache {
  /** Cached diagnostics for `file` if nothing it depends on changed. */
  get(file: string): Diagnostic[] | undefined;
  /** Record fresh results and write the cache file. */
  save(result: TypeCheckResult): void;
}

export function cacheFile(root: string): string {
  return path.join(root, 'node_modules', '.cache', 'flowops', 'typecheck.json');
}

export function openTypeCheckCache(root: string): TypeCheckCache {
  const file = cacheFile(root);
  const hashes = new Map<string, string | null>();
  const hashOf = (f: string): string | null => {
    let h = hashes.get(f);
    if (h === undefined) {
      try {
        h = createHash('sha1').update(readFileSync(f)).digest('hex');
      } catch {
        h = null;
      }
      hashes.set(f, h);
    }
    return h;
  };
  const keyParts = [
    tsMorphVersion(),
    declarationTarget(root)?.key ?? 'source',
    hashOf(path.join(root, 'tsconfig.json')),
    hashOf(path.join(root, 'tsconfig.base.json')),
    hashOf(path.join(root, 'package-lock.json')),
  ];
  const key = createHash('sha1').update(JSON.stringify(keyParts)).digest('hex');
  let data: CacheFile = { key, entries: {} };
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    if (parsed.key === key) data = parsed;
  } catch {
    // no cache yet
  }
  return {
    get(f) {
      const entry = data.entries[f];
      if (!entry) return undefined;
      for (const [dep, hash] of Object.entries(entry.deps)) if (hashOf(dep) !== hash) return undefined;
      return entry.diagnostics;
    },
    save(result) {
      for (const [root_, diagnostics] of result.byRoot) {
        const deps: Record<string, string> = {};
        for (const dep of result.deps.get(root_) ?? [root_]) {
          hashes.delete(dep);
          deps[dep] = hashOf(dep) ?? '';
        }
        data.entries[root_] = { deps, diagnostics };
      }
      try {
        if (!existsSync(path.dirname(file))) mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, JSON.stringify(data));
      } catch {
        // a read-only node_modules just means no cache
      }
    },
  };
}
