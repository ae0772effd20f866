/**
 * The compiler pipeline: discover → type-check → load (TS via tsx, YAML via yaml) → schema →
 * plugin catalog → references/DAG/conditions → secrets → warnings → repository-wide checks
 * (duplicate names, call targets) → version policy against a git base.
 * @module
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Workflow } from '@flowops/core';
import { type Catalog, loadCatalog } from './catalog';
import { fileHasher } from './cache-store';
import { checkRepository } from './check-structure';
import { type CachedCompile, openCompiledCache } from './compiled-cache';
import { compileOne } from './compile-one';
import type { WorkflowUnit } from './context';
import { type Diagnostic, sortDiagnostics } from './diagnostic';
import { discoverWorkflows } from './discover';
import { hashIr } from './hash';
import { localImports } from './import-deps';
import { mergeTypeDiagnostics } from './merge-type-diagnostics';
import { canIsolate, createWorkflowLoader, loadLimits, type WorkflowLoader } from './load-child';
import { createModuleLoader, type ModuleLoader } from './module-loader';
import type { TypeChecker } from './typecheck';
import { type Engine, startTypecheck } from './typecheck-run';
import { checkVersionPolicy } from './version-policy';
import { walkWithPaths } from './walk';

export interface CheckOptions {
  /** Repository root (holds workflows/, node_modules/, tsconfig.json). */
  root: string;
  /** Restrict to workflows under these paths. */
  paths?: string[] | undefined;
  /** Git ref to compare versions against (version policy). */
  base?: string | undefined;
  /** Skip the TypeScript type-check (default: check). */
  typecheck?: boolean | undefined;
  /** FLOW_TOO_MANY_STEPS threshold (default 100). */
  maxSteps?: number | undefined;
  /**
   * The on-disk caches in node_modules/.cache/flowops. `true`: type-check results and compile
   * results per workflow, keyed by the contents of what each depends on (compiled-cache.ts), so a
   * fresh process re-checks only the workflows a change affects — `flowops check`, `plan` and
   * `publish` pass it. Every entry is signed with the user's secret (cache-key.ts, outside the
   * repository) and one that does not verify is compiled again, so a planted file cannot decide
   * what is published. Default: the type-check cache only (the App's compile of a pull request's
   * checkout reads no compile results at all). `false`: neither.
   */
  cache?: boolean | undefined;
  /** Type-check engine: TypeScript through ts-morph (default) or the native `tsgo` (@typescript/native-preview). */
  engine?: Engine | undefined;
  /** Run the cold type-check in a worker thread, overlapping with loading (default true). */
  worker?: boolean | undefined;
  /** State kept between runs (watch mode): see `createCheckSession`. */
  session?: CheckSession | undefined;
  /** Files (absolute) changed since the session's last run. */
  changed?: string[] | undefined;
  /**
   * Load TypeScript workflows in a child process with a time limit and a memory cap (default:
   * true, unless Node's permission model forbids child processes). See load-child.ts.
   */
  isolate?: boolean | undefined;
  /** A workflow loader the caller keeps across checks (and closes); instead of one per check. */
  workflowLoader?: WorkflowLoader | undefined;
  /** Time limit for loading one workflow module (default FLOWOPS_LOAD_TIMEOUT_MS, else 10000). */
  loadTimeoutMs?: number | undefined;
  /** Heap cap of the loader process (default FLOWOPS_LOAD_MEMORY_MB, else 1024). */
  loadMemoryMb?: number | undefined;
}

/**
 * What a long-lived checker keeps: the ts-morph Project, the plugin catalog and each
 * workflow's last result, so a re-check only redoes the workflows a changed file affects.
 */
export interface CheckSession {
  typeChecker?: TypeChecker;
  catalog?: Catalog;
  results: Map<string, { unit: WorkflowUnit | undefined; diagnostics: Diagnostic[]; deps: string[] }>;
  /** One module loader for the session: unchanged imports (SDK, plugins, zod) stay loaded. */
  loader?: ModuleLoader;
  /** The isolated workflow loader (child process) of the session. */
  workflows?: WorkflowLoader;
}

export function createCheckSession(): CheckSession {
  return { results: new Map() };
}

export interface CompiledWorkflow {
  name: string;
  version: string;
  hash: string;
  /** Repo-relative definition file. */
  file: string;
  /** Number of steps, nested ones included. */
  steps: number;
  ir: Workflow;
}

export interface CheckResult {
  workflows: CompiledWorkflow[];
  diagnostics: Diagnostic[];
  /** Milliseconds per phase, for `--timings` and benchmarks. */
  timings: Record<string, number>;
  /** Workflows loaded and validated in this run. */
  rechecked: number;
  /** Workflows answered from the on-disk cache (nothing they depend on changed). */
  cached: number;
}

export async function checkWorkflows(options: CheckOptions): Promise<CheckResult> {
  const root = path.resolve(options.root);
  const timings: Record<string, number> = {};
  const t0 = performance.now();
  const all = discoverWorkflows({ root });
  const selected = options.paths?.length ? discoverWorkflows({ root, paths: options.paths }) : all;
  const diagnostics: Diagnostic[] = [];

  const session = options.session;
  const changed = new Set((options.changed ?? []).map((f) => path.resolve(root, f)));
  const tsFiles = selected.filter((s) => s.kind === 'ts').map((s) => s.file);
  const t1 = performance.now();
  const typecheck = options.typecheck !== false && tsFiles.length > 0;
  let typeDiagnostics = new Map<string, Diagnostic[]>();
  const deps = new Map<string, string[]>();
  let depsOf = (file: string): string[] | undefined => deps.get(file);
  let pendingTypecheck: Promise<void> | undefined;
  const hashOf = fileHasher();
  const useCache = !session && options.cache !== false && existsSync(path.join(root, 'node_modules'));
  const useCompiledCache = useCache && options.cache === true;
  if (session) {
    if (typecheck) {
      const checker = session.typeChecker ?? (await import('./typecheck')).createTypeChecker(root, { declarations: true });
      session.typeChecker = checker;
      const result = checker.check(tsFiles, [...changed]);
      for (const [file, list] of result.byRoot) typeDiagnostics.set(file, list);
      for (const [file, list] of result.deps) deps.set(file, list);
      timings.typecheck = performance.now() - t1;
    }
  } else {
    const run = startTypecheck(root, tsFiles, {
      cache: useCache,
      worker: options.worker !== false,
      engine: options.engine ?? 'typescript',
      typecheck,
      hashOf,
      onDone: (ms) => {
        timings.typecheck = ms;
      },
    });
    typeDiagnostics = run.diagnostics;
    depsOf = run.deps;
    timings.typecheckCacheHits = run.hits;
    pendingTypecheck = run.done;
  }
  const t2 = performance.now();

  if (session?.loader && [...changed].some((f) => !selected.some((s) => s.file === f || s.packageJson === f))) {
    // A helper, SDK or plugin file changed: modules that import it must load afresh.
    await session.loader.close();
    await session.workflows?.close();
    session.loader = undefined;
    session.workflows = undefined;
    session.catalog = undefined;
  }
  // Workflows whose compile result is on disk and still valid (compiled-cache.ts) load nothing.
  const compiled = useCompiledCache ? openCompiledCache(root, { maxSteps: options.maxSteps, hashOf }) : undefined;
  const fromCache = new Map<string, CachedCompile>();
  for (const source of selected) {
    const hit = compiled?.get(source);
    if (hit) fromCache.set(source.file, hit);
  }
  const cachedCatalog = compiled?.catalogDiagnostics();
  const needCatalog = !cachedCatalog || fromCache.size < selected.length || options.base !== undefined;
  const loader = session?.loader ?? createModuleLoader();
  if (session) session.loader = loader;
  const isolate = options.isolate ?? canIsolate();
  const isolated =
    !isolate || !selected.some((s) => s.kind === 'ts' && !fromCache.has(s.file))
      ? undefined
      : (session?.workflows ??
        options.workflowLoader ??
        createWorkflowLoader(loadLimits({ timeoutMs: options.loadTimeoutMs, memoryMb: options.loadMemoryMb })));
  if (session && isolated) session.workflows = isolated;
  // The child's start-up (tsx, SDK) overlaps with loading the plugin catalog.
  isolated?.start();
  try {
    let catalog = session?.catalog;
    if (!catalog && needCatalog) {
      catalog = await loadCatalog(root, loader);
      if (session) session.catalog = catalog;
      compiled?.putCatalog(catalog.diagnostics);
    }
    diagnostics.push(...(catalog?.diagnostics ?? cachedCatalog ?? []));
    const t3 = performance.now();
    timings.catalog = t3 - t2;
    const units: WorkflowUnit[] = [];
    const perWorkflow = new Map<string, Diagnostic[]>();
    let rechecked = 0;
    for (const source of selected) {
      const fileDeps = deps.get(source.file) ?? [source.file];
      const cached = session?.results.get(source.file);
      const affected =
        !cached ||
        changed.has(source.file) ||
        (source.packageJson !== null && changed.has(source.packageJson)) ||
        [...fileDeps, ...cached.deps].some((d) => changed.has(d));
      let entry = cached;
      const hit = fromCache.get(source.file);
      if (hit) {
        entry = { unit: hit.unit, diagnostics: hit.diagnostics, deps: fileDeps };
      } else if (affected || !entry) {
        const out: Diagnostic[] = [];
        const unit = await compileOne(source, catalog!, loader, out, { ...options, fresh: cached !== undefined, workflows: isolated });
        entry = { unit, diagnostics: out, deps: fileDeps };
        session?.results.set(source.file, entry);
        rechecked++;
      }
      perWorkflow.set(source.file, [...entry.diagnostics]);
      if (entry.unit) units.push(entry.unit);
    }
    await pendingTypecheck;
    // TypeScript workflows compiled without a type-check (plan, publish): their imports from esbuild.
    const unknown = compiled ? selected.filter((s) => s.kind === 'ts' && !fromCache.has(s.file) && !depsOf(s.file)) : [];
    const scanned =
      unknown.length > 0
        ? await localImports(
            root,
            unknown.map((s) => s.file),
          )
        : undefined;
    for (const source of selected) {
      if (compiled && !fromCache.has(source.file)) {
        // Cacheable once its dependencies are known (TypeScript: from the type-check, its cache or esbuild).
        const known = source.kind === 'yaml' ? [source.file] : (depsOf(source.file) ?? scanned?.get(source.file));
        if (known)
          compiled.put(
            source,
            known,
            units.find((u) => u.source.file === source.file),
            perWorkflow.get(source.file) ?? [],
          );
      }
    }
    compiled?.save();
    for (const source of selected) {
      const own = perWorkflow.get(source.file) ?? [];
      mergeTypeDiagnostics(
        own,
        source,
        units.find((u) => u.source.file === source.file),
        typeDiagnostics.get(source.file) ?? [],
      );
      diagnostics.push(...own);
    }
    const t4 = performance.now();
    timings.load = t4 - t3;
    timings.rechecked = rechecked;
    const known = new Set<string>(all.map((s) => s.nameHint));
    for (const u of units) known.add(u.ir.name);
    checkRepository(units, known, diagnostics);
    const workflows = units.map(
      (u): CompiledWorkflow => ({
        name: u.ir.name,
        version: u.ir.version,
        hash: hashIr(u.ir),
        file: u.source.relFile,
        steps: [...walkWithPaths(u.ir.steps)].length,
        ir: u.ir,
      }),
    );
    if (options.base) {
      diagnostics.push(...(await checkVersionPolicy({ root, base: options.base, units, catalog: catalog!, loader, workflows: isolated })));
    }
    timings.total = performance.now() - t0;
    return { workflows, diagnostics: sortDiagnostics(diagnostics), timings, rechecked, cached: fromCache.size };
  } finally {
    if (!session) await Promise.all([loader.close(), isolated === options.workflowLoader ? undefined : isolated?.close()]);
  }
}
