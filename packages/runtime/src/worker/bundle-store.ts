/**
 * Workflow bundles without webpack at worker start. A bundle is a file plus a record of every file
 * webpack read to build it (package-relative path → sha256). It is used only while all those files
 * are unchanged: first the prebuilt one (`npm run build:bundle` → the package's `dist/`), then one
 * built earlier on this machine (cached under `$FLOWOPS_CACHE_DIR` or `~/.cache/flowops/bundles`),
 * else webpack runs once and the result is cached (temp file + rename: concurrent writers are safe;
 * a cache directory that cannot be written is skipped, the bundle is then kept in a temp dir).
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { bundleWorkflowCode } from '@temporalio/worker';

/** Root of the runtime package: bundle inputs are recorded relative to it. */
export const PACKAGE_ROOT: string = fileURLToPath(new URL('../../', import.meta.url));
/** Where `npm run build:bundle` writes the prebuilt bundles and their manifest. */
export const PREBUILT_DIR: string = join(PACKAGE_ROOT, 'dist');
/** File name of the manifest (one `BundleRecord` per bundle) next to the prebuilt bundles. */
export const MANIFEST_FILE = 'workflow-bundle.json';

/** The export condition under which @flowops/* packages resolve to their TypeScript sources. */
export const SOURCE_CONDITION = '@flowops/source';

/** What to bundle: a named entry, optionally with the data converter's failure converter. */
export interface BundleSpec {
  /** `interpreter`, `system`, … — one prebuilt/cached bundle per name and failure converter. */
  name: string;
  workflowsPath: string;
  failureConverterPath?: string | undefined;
  /** Modules evaluated once per reusable V8 context instead of once per workflow run. */
  preloadModules?: string[] | undefined;
}

/** A built bundle: its file (next to the record), content hash and the files webpack read. */
export interface BundleRecord {
  name: string;
  file: string;
  sha256: string;
  /** The failure converter it was built with (package-relative), or null. */
  failureConverter: string | null;
  /** Every file webpack read, package-relative → sha256 (hex, 16 chars). */
  inputs: Record<string, string>;
  /** The bundler options and the bundler's version (`optionsKey`). */
  options: string;
}

/** A bundle ready for `Worker.create({ workflowBundle: { codePath } })`. */
export interface BundleFile {
  codePath: string;
  sha256: string;
  /** `prebuilt` (dist/), `cache` (built earlier on this machine) or `built` (webpack ran now). */
  source: 'prebuilt' | 'cache' | 'built';
}

/** Where to look: the prebuilt directory (default `PREBUILT_DIR`) and the cache directory. */
export interface BundleLookup {
  prebuiltDir?: string | undefined;
  cacheDir?: string | undefined;
}

let webpackRuns = 0;
/** How many times this process ran webpack for a bundle (tests: a reused bundle runs none). */
export function webpackRunCount(): number {
  return webpackRuns;
}

const noop = (): void => {};
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const rel = (file: string): string => relative(PACKAGE_ROOT, file).split('\\').join('/');

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** True when every recorded input still has the recorded content. */
export function inputsUnchanged(inputs: Record<string, string>): boolean {
  for (const [file, hash] of Object.entries(inputs)) {
    try {
      if (sha256(readFileSync(resolve(PACKAGE_ROOT, file))).slice(0, 16) !== hash) return false;
    } catch {
      return false;
    }
  }
  return Object.keys(inputs).length > 0;
}

const requireHere = createRequire(import.meta.url);
/** What else shapes a bundle besides its input files: the preloaded modules and the bundler's version. */
export function optionsKey(spec: BundleSpec): string {
  const bundler = (requireHere('@temporalio/worker/package.json') as { version: string }).version;
  return `@temporalio/worker@${bundler} preload=${(spec.preloadModules ?? []).join(',')}`;
}

function matches(r: BundleRecord | undefined, spec: BundleSpec): r is BundleRecord {
  return (
    !!r && r.name === spec.name && r.failureConverter === (spec.failureConverterPath ? rel(spec.failureConverterPath) : null) && r.options === optionsKey(spec)
  );
}

/** The recorded bundles of a manifest directory (prebuilt dist/ or an output directory). */
export function readManifest(dir: string): BundleRecord[] {
  return readJson<{ bundles?: BundleRecord[] }>(join(dir, MANIFEST_FILE))?.bundles ?? [];
}

/** Run webpack (through Temporal's bundler) and record every file it read. */
export async function buildBundle(spec: BundleSpec): Promise<{ code: string; inputs: Record<string, string> }> {
  const { bundleWorkflowCode: bundle } = await import('@temporalio/worker');
  let files: string[] = [];
  type Hook = NonNullable<Parameters<typeof bundleWorkflowCode>[0]['webpackConfigHook']>;
  const webpackConfigHook: Hook = (config) => ({
    ...config,
    // From source (tsx, tests): @flowops/* packages resolve to their sources, as on the host side.
    ...(spec.workflowsPath.endsWith('.ts') ? { resolve: { ...config.resolve, conditionNames: [SOURCE_CONDITION, '...'] } } : {}),
    plugins: [
      ...(config.plugins ?? []),
      {
        apply(compiler) {
          compiler.hooks.done.tap('flowops-bundle-inputs', (stats) => {
            files = [...stats.compilation.fileDependencies].filter((f) => isAbsolute(f));
          });
        },
      },
    ],
  });
  webpackRuns++;
  const errors: string[] = [];
  const { code } = await bundle({
    workflowsPath: spec.workflowsPath,
    ...(spec.failureConverterPath ? { failureConverterPath: spec.failureConverterPath } : {}),
    ...(spec.preloadModules?.length ? { preloadModules: spec.preloadModules } : {}),
    logger: { ...quietLogger, error: (m: string) => errors.push(m) },
    webpackConfigHook,
  }).catch((err: unknown) => {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${errors.join('\n')}`.trim(), { cause: err });
  });
  const inputs: Record<string, string> = {};
  for (const f of files.sort()) {
    try {
      inputs[rel(f)] = sha256(readFileSync(f)).slice(0, 16);
    } catch {
      // a directory or a file gone since: not an input
    }
  }
  return { code, inputs };
}

/** Write `data` to `file` atomically (temp file in the same directory, then rename). */
function writeAtomic(file: string, data: string): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * Write a bundle and its record into `dir` (content-addressed bundle file, record per name and
 * failure converter); `manifest` adds the record to `dir`'s manifest instead (prebuilt output).
 */
export function storeBundle(
  dir: string,
  spec: BundleSpec,
  built: { code: string; inputs: Record<string, string> },
  o: { manifest?: boolean } = {},
): BundleFile {
  mkdirSync(dir, { recursive: true });
  const hash = sha256(built.code);
  // prebuilt: one fixed name per bundle (a rebuild replaces it); cache: content-addressed
  const converter = spec.failureConverterPath ? `-${basename(spec.failureConverterPath).replace(/\.[^.]*$/, '')}` : '';
  const file = o.manifest ? `workflow-bundle-${spec.name}${converter}.js` : `${spec.name}-${hash.slice(0, 16)}.js`;
  const codePath = join(dir, file);
  writeAtomic(codePath, built.code);
  const record: BundleRecord = {
    name: spec.name,
    file,
    sha256: hash,
    failureConverter: spec.failureConverterPath ? rel(spec.failureConverterPath) : null,
    inputs: built.inputs,
    options: optionsKey(spec),
  };
  if (o.manifest) {
    const others = readManifest(dir).filter((r) => !matches(r, spec));
    writeAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify({ bundles: [...others, record] }, null, 2)}\n`);
  } else writeAtomic(join(dir, recordName(spec)), JSON.stringify(record));
  return { codePath, sha256: hash, source: 'built' };
}

/** The cache record of a spec: per name, failure converter and checkout (two clones do not share one). */
function recordName(spec: BundleSpec): string {
  return `${spec.name}-${sha256(`${PACKAGE_ROOT}\0${spec.failureConverterPath ?? ''}`).slice(0, 12)}.json`;
}

/** The cache directory: `$FLOWOPS_CACHE_DIR/bundles` or `~/.cache/flowops/bundles`. */
export function bundleCacheDir(): string {
  return join(process.env.FLOWOPS_CACHE_DIR ?? join(homedir(), '.cache', 'flowops'), 'bundles');
}

/**
 * The bundle of `spec` as a file: prebuilt if it matches the sources, else cached, else built
 * now (and cached). Without the workflow sources (an installed package) a prebuilt bundle is used as is.
 */
export async function workflowBundleFile(spec: BundleSpec, lookup: BundleLookup = {}): Promise<BundleFile> {
  const prebuiltDir = lookup.prebuiltDir ?? PREBUILT_DIR;
  const prebuilt = readManifest(prebuiltDir).find((r) => matches(r, spec));
  const fromSources = existsSync(spec.workflowsPath);
  if (prebuilt && (!fromSources || inputsUnchanged(prebuilt.inputs))) {
    return { codePath: join(prebuiltDir, prebuilt.file), sha256: prebuilt.sha256, source: 'prebuilt' };
  }
  const cacheDir = lookup.cacheDir ?? bundleCacheDir();
  const cached = readJson<BundleRecord>(join(cacheDir, recordName(spec)));
  if (matches(cached, spec) && existsSync(join(cacheDir, cached.file)) && inputsUnchanged(cached.inputs)) {
    const codePath = join(cacheDir, cached.file);
    touch(codePath); // in use: kept by pruneCache
    return { codePath, sha256: cached.sha256, source: 'cache' };
  }
  const built = await buildBundle(spec);
  try {
    const file = storeBundle(cacheDir, spec, built);
    pruneCache(cacheDir, spec.name);
    return file;
  } catch {
    // read-only home (a sandbox user), full disk: keep this process's bundle in a temp dir
    return storeBundle(mkdtempSync(join(tmpdir(), 'flowops-bundle-')), spec, built);
  }
}

/** Cached bundles unused for this long are deleted when a new one of the same name is stored. */
export const CACHE_MAX_IDLE_MS = 7 * 24 * 3600_000;

function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // read-only cache: nothing to mark
  }
}

/** Delete `<name>-<hash>.js` bundles of `dir` not built or used within `CACHE_MAX_IDLE_MS` (best effort). */
export function pruneCache(dir: string, name: string, now: number = Date.now()): void {
  const pattern = new RegExp(`^${name.replace(/[^A-Za-z0-9-]/g, '')}-[0-9a-f]{16}\\.js$`);
  for (const f of readdirSync(dir)) {
    if (!pattern.test(f)) continue;
    try {
      if (now - statSync(join(dir, f)).mtimeMs > CACHE_MAX_IDLE_MS) rmSync(join(dir, f), { force: true });
    } catch {
      // gone already, or not ours to delete
    }
  }
}
