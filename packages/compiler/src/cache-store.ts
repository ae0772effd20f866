/**
 * What the on-disk caches of `flowops check` share (node_modules/.cache/flowops): content hashes
 * of files (memoised per process), a fingerprint of the installed compiler, SDK and plugins, and
 * writes that concurrent processes cannot tear (temp file + rename, merged with what another
 * process wrote meanwhile under the same key).
 * @module
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findScopeDir } from './catalog';

/** The cache directory of a repository. */
export function cacheDir(root: string): string {
  return path.join(root, 'node_modules', '.cache', 'flowops');
}

/** sha1 of a file's bytes, memoised; null when it cannot be read. `forget` drops one memo. */
export interface FileHasher {
  (file: string): string | null;
  forget(file: string): void;
}

export function fileHasher(): FileHasher {
  const hashes = new Map<string, string | null>();
  const hashOf = ((f: string): string | null => {
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
  }) as FileHasher;
  hashOf.forget = (f) => hashes.delete(f);
  return hashOf;
}

/** sha1 of a JSON-serialisable key. */
export function keyOf(parts: unknown[]): string {
  return createHash('sha1').update(JSON.stringify(parts)).digest('hex');
}

interface KeyedEntries<E> {
  key: string;
  entries: Record<string, E>;
}

/** The entries of a cache file if it was written under `key`, else none. */
export function readCache<E>(file: string, key: string): Record<string, E> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as KeyedEntries<E>;
    if (parsed.key === key && parsed.entries && typeof parsed.entries === 'object') return parsed.entries;
  } catch {
    // no cache yet, or unreadable: start empty
  }
  return {};
}

/**
 * Write `entries` under `key`: entries another process saved meanwhile (same key) are kept unless
 * ours replace them; the file is written to a temp name and renamed, so a reader never sees half.
 * A read-only node_modules just means no cache.
 */
export function writeCache<E>(file: string, key: string, entries: Record<string, E>): void {
  const merged = { ...readCache<E>(file, key), ...entries };
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, JSON.stringify({ key, entries: merged }));
    renameSync(tmp, file);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing was written
    }
  }
}

const COMPILER_DEPS = /^(compiler|core|sdk|plugin-.+)$/;
const SKIP_DIRS = new Set(['node_modules', 'test', '.turbo', 'coverage', '.cache']);

/**
 * What the compile results depend on besides the workflows themselves: name and version of the
 * installed `@flowops/compiler`, `core`, `sdk` and `plugin-*` packages and, for workspace-linked
 * ones (a symlink, as in a monorepo), the path and content hash of every file in them (a rebuild
 * that writes the same files keeps the cache).
 */
export function toolchainFingerprint(root: string): string {
  const hash = createHash('sha1');
  const scope = findScopeDir(root);
  if (!scope) return 'none';
  let names: string[] = [];
  try {
    names = readdirSync(scope)
      .filter((n) => COMPILER_DEPS.test(n))
      .sort();
  } catch {
    return 'none';
  }
  for (const name of names) {
    const dir = path.join(scope, name);
    try {
      const pkg = readFileSync(path.join(dir, 'package.json'), 'utf8');
      hash.update(`${name}\0${createHash('sha1').update(pkg).digest('hex')}\0`);
      if (lstatSync(dir).isSymbolicLink()) walkFiles(realpathSync(dir), hash);
    } catch {
      hash.update(`${name}\0missing\0`);
    }
  }
  return hash.digest('hex');
}

function walkFiles(dir: string, hash: ReturnType<typeof createHash>): void {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walkFiles(full, hash);
    } else if (e.isFile() && !e.name.includes('.test.') && !e.name.endsWith('.tsbuildinfo')) {
      hash.update(`${full}\0`);
      try {
        hash.update(readFileSync(full));
      } catch {
        hash.update('unreadable');
      }
    }
  }
}
