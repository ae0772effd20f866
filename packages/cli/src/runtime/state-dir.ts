/**
 * Where `flowops dev` keeps its Temporal dev server's database, so runs and the registry survive
 * a restart: `$FLOWOPS_STATE_DIR`, else `$XDG_STATE_HOME/flowops`, else `~/.local/state/flowops`.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** The flowops state directory for this user (not created). */
export function stateDir(env: Record<string, string | undefined> = process.env, home = homedir()): string {
  if (env.FLOWOPS_STATE_DIR) return env.FLOWOPS_STATE_DIR;
  if (env.XDG_STATE_HOME && isAbsolute(env.XDG_STATE_HOME)) return join(env.XDG_STATE_HOME, 'flowops');
  return join(home, '.local', 'state', 'flowops');
}

/** The dev server's database file (its directory is created). */
export function devDbFile(env: Record<string, string | undefined> = process.env, home = homedir()): string {
  const dir = join(stateDir(env, home), 'dev');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return join(dir, 'temporal.db');
}
