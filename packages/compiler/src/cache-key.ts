/**
 * The per-user secret that signs the on-disk compile caches (HMAC-SHA256, cache-store.ts), kept
 * outside every repository: `$FLOWOPS_CACHE_KEY_FILE`, else `cache.key` in `$FLOWOPS_CACHE_DIR`,
 * `$XDG_CACHE_HOME/flowops` or `~/.cache/flowops`. Created on first use (32 random bytes, hex,
 * mode 0600; written to a temp file and linked into place, so two processes starting at once agree
 * on one key). A file planted under node_modules/.cache (a pull request, a poisoned CI cache)
 * cannot carry a valid MAC without this key, so `plan` and `publish` can trust a verified entry.
 * A key file that other users can read or write, or that is not ours, is not used: the caches are
 * then neither read nor written (everything is compiled).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** Where the key lives (see the module comment for the order of precedence). */
export function cacheKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FLOWOPS_CACHE_KEY_FILE) return path.resolve(env.FLOWOPS_CACHE_KEY_FILE);
  const dir = env.FLOWOPS_CACHE_DIR || path.join(env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'flowops');
  return path.join(dir, 'cache.key');
}

const memo = new Map<string, Buffer | null>();

/**
 * The secret of `file` (default `cacheKeyFile()`), created if missing; memoised per process.
 * Undefined when it cannot be read or created, or when its permissions let others see or change it.
 */
export function cacheSecret(file: string = cacheKeyFile()): Buffer | undefined {
  let secret = memo.get(file);
  if (secret === undefined) {
    secret = readSecret(file) ?? createSecret(file) ?? readSecret(file) ?? null;
    memo.set(file, secret);
  }
  return secret ?? undefined;
}

function readSecret(file: string): Buffer | null {
  try {
    const st = statSync(file);
    if (!st.isFile() || (st.mode & 0o077) !== 0) return null;
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return null;
    const hex = readFileSync(file, 'utf8').trim();
    return /^[0-9a-f]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : null;
  } catch {
    return null;
  }
}

function createSecret(file: string): Buffer | null {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const secret = randomBytes(32);
    writeFileSync(tmp, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    // link fails when another process created the key first: then its key is the one.
    linkSync(tmp, file);
    return secret;
  } catch {
    return null;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
  }
}
