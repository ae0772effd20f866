/**
 * Loads `flowops.config.ts` from the repository root and resolves an environment.
 * Without a config file, flowops uses the built-in `local` environment (the dev server).
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { configOverrun, withLoadLimit } from '@flowops/compiler/load-guard';
import { FlowError } from '@flowops/core';
import { DEFAULT_CONFIG, type FlowopsConfig, type ResolvedEnvironment, parseConfig, resolveEnvironment } from '@flowops/sdk';
import { tsImport } from 'tsx/esm/api';

export const CONFIG_FILE = 'flowops.config.ts';

/** Walk up from `cwd` to the directory holding flowops.config.ts (or a workflows/ dir). */
export function findRepoRoot(cwd = process.cwd()): string {
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, CONFIG_FILE)) || existsSync(join(dir, 'workflows'))) return dir;
    const parent = resolve(dir, '..');
    if (parent === dir) return resolve(cwd);
    dir = parent;
  }
}

const loaded = new Map<string, { stamp: string; config: Promise<FlowopsConfig> }>();

/**
 * The repository's `flowops.config.ts` (defaults without one). Loaded once per process and file
 * version (path, mtime, size): one command resolving several environments imports it once.
 */
export function loadConfig(root = findRepoRoot()): Promise<FlowopsConfig> {
  const file = join(root, CONFIG_FILE);
  const stat = existsSync(file) ? statSync(file) : undefined;
  const stamp = stat ? `${stat.mtimeMs}:${stat.size}` : 'none';
  const hit = loaded.get(file);
  if (hit?.stamp === stamp) return hit.config;
  const config = importConfig(file);
  loaded.set(file, { stamp, config });
  config.catch(() => loaded.delete(file));
  return config;
}

/** Load and validate the config; throws FlowError (FLOW_CONFIG_INVALID) with every problem. */
async function importConfig(file: string): Promise<FlowopsConfig> {
  let raw: unknown = DEFAULT_CONFIG;
  if (existsSync(file)) {
    try {
      // An endless loop at its top level ends the command within FLOWOPS_LOAD_TIMEOUT_MS (coded, on stderr).
      const mod = (await withLoadLimit(configOverrun(CONFIG_FILE), () => tsImport(pathToFileURL(file).href, import.meta.url))) as { default?: unknown };
      raw = mod.default;
      // Loaded as CommonJS (no `"type": "module"` above it), the namespace is nested once more.
      if (raw && typeof raw === 'object' && !('environments' in raw) && 'default' in raw) raw = (raw as { default: unknown }).default;
    } catch (error) {
      throw new FlowError({
        code: 'FLOW_CONFIG_INVALID',
        message: `${CONFIG_FILE} could not be loaded: ${loadErrorDetail(error, file)}`,
        hint: `fix the error in ${CONFIG_FILE}; it must \`export default defineConfig({...})\``,
      });
    }
  }
  const parsed = parseConfig(raw, CONFIG_FILE);
  if (!parsed.ok) throw new FlowError(parsed.issues[0]!, parsed.issues.slice(1));
  return parsed.value;
}

/**
 * The useful line of a load error: esbuild's "Transform failed with 1 error:" is followed by
 * `<file>:<line>:<col>: ERROR: <what>` — that line, with the file relative; else the first line.
 */
export function loadErrorDetail(error: unknown, file: string): string {
  const text = error instanceof Error ? error.message : String(error);
  const located = text.split('\n').find((l) => /:\d+:\d+: (ERROR|error)/.test(l));
  if (located)
    return located
      .replace(file, CONFIG_FILE)
      .replace(/: (ERROR|error): /, ': ')
      .trim();
  return text.split('\n')[0] ?? text;
}

/** Load the config and resolve one environment (`--env`), reading its environment variables. */
export async function loadEnvironment(name: string, root = findRepoRoot()): Promise<ResolvedEnvironment> {
  const config = await loadConfig(root);
  const resolved = resolveEnvironment(config, name, process.env);
  if (!resolved.ok) throw new FlowError(resolved.issues[0]!, resolved.issues.slice(1));
  const env = resolved.value;
  // Local overrides for pointing any environment at a specific server (tests, ad-hoc clusters).
  return {
    ...env,
    address: process.env.FLOWOPS_TEMPORAL_ADDRESS ?? env.address,
    namespace: process.env.FLOWOPS_NAMESPACE ?? env.namespace,
    taskQueue: process.env.FLOWOPS_TASK_QUEUE ?? env.taskQueue,
  };
}
