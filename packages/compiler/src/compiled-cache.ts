/**
 * On-disk cache of compile results (`node_modules/.cache/flowops/compiled.json`), so a fresh
 * `flowops check` with nothing changed loads no workflow module, no plugin and no TypeScript: per
 * workflow file, the content hashes of what it depends on (the definition, its package.json and,
 * for TypeScript, every local file it imports as the type checker saw them — without a
 * type-check, as esbuild's import graph has them, import-deps.ts), the compiler's own
 * diagnostics and the IR. The key covers the toolchain (compiler, core, SDK and plugins: versions,
 * and every file of workspace-linked ones), the lockfile, flowops.config.ts and the options that
 * change results. Type diagnostics live in the type-check cache (typecheck-cache.ts). A workflow
 * that failed to load is not cached (a time limit can be hit under load alone). Not covered: what a
 * module reads at load time besides its imports (files, environment variables) — `--no-cache`.
 * @module
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Workflow } from '@flowops/core';
import { cacheDir, type FileHasher, keyOf, readCache, toolchainFingerprint, writeCache } from './cache-store';
import type { WorkflowUnit } from './context';
import type { Diagnostic } from './diagnostic';
import type { WorkflowSource } from './discover';
import type { Locator } from './locator';
import { tsLocator } from './ts-locator';
import { loadYaml } from './yaml-source';

/** Bump when what is cached (or how it is computed) changes shape. */
const FORMAT = 1;
const CATALOG = '\0catalog';

interface Entry {
  deps: Record<string, string>;
  diagnostics: Diagnostic[];
  /** Validated IR, when the workflow compiled. */
  ir?: Workflow;
  /** What the TypeScript module exported (positions of TS workflows are found from it). */
  raw?: unknown;
}

/** A workflow answered from the cache. */
export interface CachedCompile {
  unit: WorkflowUnit | undefined;
  diagnostics: Diagnostic[];
}

export interface CompiledCache {
  get(source: WorkflowSource): CachedCompile | undefined;
  /** Diagnostics of the plugin catalog, if recorded under this key. */
  catalogDiagnostics(): Diagnostic[] | undefined;
  /** Record one workflow's result; `deps` are the local files it depends on besides its package.json. */
  put(source: WorkflowSource, deps: string[], unit: WorkflowUnit | undefined, diagnostics: Diagnostic[]): void;
  putCatalog(diagnostics: Diagnostic[]): void;
  /** Write what was put (no-op when nothing was). */
  save(): void;
}

export function openCompiledCache(root: string, options: { maxSteps?: number | undefined; hashOf: FileHasher }): CompiledCache {
  const file = path.join(cacheDir(root), 'compiled.json');
  const { hashOf } = options;
  const key = keyOf([
    FORMAT,
    toolchainFingerprint(root),
    hashOf(path.join(root, 'package-lock.json')),
    hashOf(path.join(root, 'flowops.config.ts')),
    options.maxSteps ?? null,
  ]);
  const entries = readCache<Entry>(file, key);
  const fresh: Record<string, Entry> = {};
  return {
    get(source) {
      const entry = entries[source.file];
      if (!entry) return undefined;
      for (const [dep, hash] of Object.entries(entry.deps)) if ((hashOf(dep) ?? '') !== hash) return undefined;
      const ir = entry.ir;
      const unit = ir ? { source, ir, locator: lazyLocator(() => locatorOf(source, entry.raw)) } : undefined;
      return { unit, diagnostics: entry.diagnostics };
    },
    catalogDiagnostics: () => entries[CATALOG]?.diagnostics,
    put(source, deps, unit, diagnostics) {
      // A load failure can be the machine's (a time limit under load, a memory cap): never kept.
      if (diagnostics.some((d) => d.code === 'FLOW_LOAD_ERROR')) return;
      const hashes: Record<string, string> = {};
      for (const dep of new Set([source.file, ...deps, ...(source.packageJson ? [source.packageJson] : [path.join(source.dir, 'package.json')])])) {
        hashes[dep] = hashOf(dep) ?? '';
      }
      try {
        // A snapshot: the caller goes on merging type diagnostics into these objects.
        fresh[source.file] = structuredClone({ deps: hashes, diagnostics, ...(unit ? { ir: unit.ir, raw: unit.raw } : {}) });
      } catch {
        // an export that cannot be cloned is simply not cached
      }
    },
    putCatalog(diagnostics) {
      fresh[CATALOG] = structuredClone({ deps: {}, diagnostics });
    },
    save() {
      if (Object.keys(fresh).length > 0) writeCache(file, key, fresh);
    },
  };
}

/** A locator built on first use (a cached workflow whose positions nobody asks for costs nothing). */
function lazyLocator(make: () => Locator): Locator {
  let made: Locator | undefined;
  return { locate: (p) => (made ??= make()).locate(p) };
}

function locatorOf(source: WorkflowSource, raw: unknown): Locator {
  const text = readFileSync(source.file, 'utf8');
  return source.kind === 'yaml' ? loadYaml(text).locator : tsLocator(source.file, text, raw);
}
