/**
 * What the on-disk compile caches share (node_modules/.cache/flowops): content hashes of files
 * (memoised per process), a fingerprint of the installed compiler, SDK and plugins, entries signed
 * with the user's secret (cache-key.ts) and writes that concurrent processes cannot tear (temp
 * file + rename, merged with what another process wrote meanwhile under the same key).
 *
 * Each entry is stored as its JSON text and an HMAC-SHA256 over the cache's key, the entry's name
 * and that text. An entry whose MAC does not verify (planted, edited, signed with another key, or
 * written by a flowops without MACs) is ignored — the workflow is compiled again — so `plan` and
 * `publish` may read the cache. Without a usable secret nothing is read or written.
 * @module
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheSecret } from './cache-key';
import { findScopeDir } from './catalog';

/** The cache directory of a repository. */
export function cacheDir(root: string): string {
  return path.join(root, 'node_modules', '.cache', 'flowops');
}

/**
 * sha256 of a file's bytes, memoised; null when it cannot be read. `forget` drops one memo. Not
 * sha1: a signed entry is reused for any file with the same hash, and sha1 collisions can be made.
 */
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
        h = createHash('sha256').update(readFileSync(f)).digest('hex');
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

/** sha256 of a JSON-serialisable key. */
export function keyOf(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** One entry on disk: its JSON text and the MAC over key, name and text. */
interface SignedEntry {
  mac: string;
  json: string;
}

interface KeyedEntries {
  key: string;
  entries: Record<string, SignedEntry>;
}

/** The MAC of entry `name` holding `json` in a cache written under `key`. */
export function entryMac(secret: Buffer, key: string, name: string, json: string): string {
  return createHmac('sha256', secret).update(`flowops-cache/1\0${key}\0${name}\0`).update(json).digest('hex');
}

function verified(secret: Buffer, key: string, name: string, entry: unknown): string | undefined {
  if (!entry || typeof entry !== 'object') return undefined;
  const { mac, json } = entry as Partial<SignedEntry>;
  if (typeof mac !== 'string' || typeof json !== 'string' || mac.length !== 64) return undefined;
  const expected = Buffer.from(entryMac(secret, key, name, json), 'hex');
  const given = Buffer.from(mac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? json : undefined;
}

/** The entries of `file` written under `key` whose MAC verifies. */
function readSigned(file: string, key: string, secret: Buffer): Record<string, SignedEntry> {
  const out: Record<string, SignedEntry> = {};
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as KeyedEntries;
    if (parsed.key !== key || !parsed.entries || typeof parsed.entries !== 'object') return out;
    for (const [name, entry] of Object.entries(parsed.entries)) {
      const json = verified(secret, key, name, entry);
      if (json !== undefined) out[name] = { mac: (entry as SignedEntry).mac, json };
    }
  } catch {
    // no cache yet, or unreadable: start empty
  }
  return out;
}

/**
 * The entries of a cache file written under `key` whose MAC verifies with the secret; an entry
 * that does not verify is left out (its workflow is compiled again).
 */
export function readCache<E>(file: string, key: string): Record<string, E> {
  const secret = cacheSecret();
  const entries: Record<string, E> = {};
  if (!secret) return entries;
  for (const [name, { json }] of Object.entries(readSigned(file, key, secret))) {
    try {
      entries[name] = JSON.parse(json) as E;
    } catch {
      // verified but not JSON: cannot happen with our writer; ignored
    }
  }
  return entries;
}

/**
 * Write `entries` under `key`, each signed: verified entries another process saved meanwhile (same
 * key) are kept unless ours replace them; the file is written to a temp name and renamed, so a
 * reader never sees half. A read-only node_modules, or no secret, just means no cache.
 */
export function writeCache<E>(file: string, key: string, entries: Record<string, E>): void {
  const secret = cacheSecret();
  if (!secret) return;
  const signed = readSigned(file, key, secret);
  for (const [name, value] of Object.entries(entries)) {
    const json = JSON.stringify(value);
    if (json !== undefined) signed[name] = { mac: entryMac(secret, key, name, json), json };
  }
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, JSON.stringify({ key, entries: signed } satisfies KeyedEntries));
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
  const hash = createHash('sha256');
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
      hash.update(`${name}\0${createHash('sha256').update(pkg).digest('hex')}\0`);
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
