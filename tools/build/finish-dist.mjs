#!/usr/bin/env node
// Second half of a package's build (`tsc -b tsconfig.build.json && node …/finish-dist.mjs .`):
// publishes what tsc wrote to the package's staging directory (node_modules/.cache/tsc, the
// `outDir` of tsconfig.build.json) into dist/, in a form plain Node runs:
// - The sources import each other without extensions (`moduleResolution: Bundler`), which Node's
//   ESM loader does not resolve: relative specifiers get `.js` or `/index.js`; relative `.ts`
//   literals that name a sibling module (`import('./x.ts')`, `new URL('../workflows/index.ts',
//   import.meta.url)`) get `.js`; deep imports of packages without an `exports` map
//   (`@temporalio/common/lib/internal-non-workflow`) get the file Node needs.
// - Files the packages load at run time that tsc does not emit (src/**/*.{mjs,cjs,json}) are
//   copied next to their compiled neighbours, so `new URL('./x.mjs', import.meta.url)` works.
// dist/ is only ever written here, one file at a time through a rename, and only where the content
// changed: a process running dist/ (a test's `flowops` binary) never reads a half-rewritten file
// while another build runs. Files whose source was removed are removed from dist/ too. Fast (string work), so it runs after every incremental `tsc -b`.
// Usage: node tools/build/finish-dist.mjs <package dir>... (no argument: every package).
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** tsc's output directory inside a package (tsconfig.build.json `outDir`). */
export const STAGING = join('node_modules', '.cache', 'tsc');
const ASSET = /\.(mjs|cjs|json)$/;
const CODE = /\.(js|mjs|cjs|d\.ts)$/;
const EMITTED = /\.(js|d\.ts)$/;
const SKIP_DIR = new Set(['node_modules', '__fixtures__']);

/** Every package directory of the workspace that has a tsconfig.build.json. */
export function packageDirs(root = ROOT) {
  const dirs = [];
  for (const parent of [join(root, 'packages'), join(root, 'packages', 'plugins')]) {
    for (const name of readdirSync(parent)) {
      const dir = join(parent, name);
      if (existsSync(join(dir, 'tsconfig.build.json'))) dirs.push(dir);
    }
  }
  return dirs;
}

/** Paths (relative to `dir`, with `/`) of the files under `dir` whose name `keep` accepts. */
function walk(dir, keep, base = dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIR.has(entry.name)) walk(path, keep, base, out);
    } else if (keep(entry.name)) out.push(relative(base, path).split('\\').join('/'));
  }
  return out;
}

/** The directory of package `name` as Node would find it from `from` (nearest node_modules). */
function packageDir(from, name) {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

const hasExports = new Map();

/**
 * A deep import of a package without an `exports` map and without an extension: the file Node
 * needs (`…/internal-non-workflow/index.js`), or `spec` unchanged.
 */
function runnableDeep(fromDir, spec) {
  const m = /^((?:@[^/]+\/)?[^/@.][^/]*)\/(.+)$/.exec(spec);
  if (!m || spec.startsWith('node:') || /\.(js|mjs|cjs|json|node)$/.test(spec)) return spec;
  const dir = packageDir(fromDir, m[1]);
  if (!dir) return spec;
  if (!hasExports.has(dir)) hasExports.set(dir, 'exports' in JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')));
  if (hasExports.get(dir)) return spec;
  if (existsSync(join(dir, `${m[2]}.js`))) return `${spec}.js`;
  if (existsSync(join(dir, m[2], 'index.js'))) return `${spec}/index.js`;
  return spec;
}

/** The specifier Node needs for relative `spec` written in dist file `file`, given dist's files. */
function runnable(file, spec, files) {
  const exists = (p) => files.has(posix.normalize(posix.join(posix.dirname(file), p)));
  if (spec.endsWith('.ts') && !spec.endsWith('.d.ts')) {
    const js = `${spec.slice(0, -3)}.js`;
    return exists(js) ? js : spec;
  }
  if (/\.(js|mjs|cjs|json|node)$/.test(spec)) return spec;
  if (exists(`${spec}.js`)) return `${spec}.js`;
  const dir = spec.replace(/\/$/, '');
  if (exists(`${dir}/index.js`)) return `${dir}/index.js`;
  return spec;
}

// `from './x'`, `import './x'`, `import('./x')`, `require('./x')`, `new URL('./x.ts', …)`.
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\bnew URL\(\s*)(['"])(\.{1,2}\/[^'"\n]*)\2/g;
// `from 'pkg/deep/path'` and `import('pkg/deep/path')` (ESM only: require resolves these itself).
const DEEP = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])((?:@[\w.-]+\/)?[\w.-]+\/[^'"\n]+)\2/g;

/** `text` of dist file `file` (relative path) with its specifiers made runnable by Node. */
export function fixText(text, file, files, fromDir) {
  return text
    .replace(SPECIFIER, (all, lead, quote, spec) => {
      const fixed = runnable(file, spec, files);
      return fixed === spec ? all : `${lead}${quote}${fixed}${quote}`;
    })
    .replace(DEEP, (all, lead, quote, spec) => {
      const fixed = runnableDeep(fromDir, spec);
      return fixed === spec ? all : `${lead}${quote}${fixed}${quote}`;
    });
}

/** Write `text` to `path` through a rename, unless it already holds exactly that. */
function publish(path, text) {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return false;
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
  return true;
}

/** Publish a package's tsc output and run-time assets into its dist/; returns the files written. */
export function finishPackage(dir) {
  const src = join(dir, 'src');
  const staging = join(dir, STAGING);
  const dist = join(dir, 'dist');
  if (!existsSync(staging)) throw new Error(`${relative(ROOT, staging)} does not exist: run tsc -b tsconfig.build.json first`);
  const sources = new Map();
  // tsc never deletes the outputs of a removed or renamed source: publish only what has a source
  for (const f of walk(staging, (n) => EMITTED.test(n))) if (existsSync(join(src, f.replace(EMITTED, '.ts')))) sources.set(f, join(staging, f));
  for (const f of walk(src, (n) => ASSET.test(n) && !n.includes('.test.'))) sources.set(f, join(src, f));
  const files = new Set(sources.keys());
  let written = 0;
  for (const [file, from] of sources) {
    const raw = readFileSync(from, 'utf8');
    const text = CODE.test(file) ? fixText(raw, file, files, dirname(join(dist, file))) : raw;
    if (publish(join(dist, file), text)) written++;
  }
  // …and remove from dist/ what an earlier run published that has no source any more (only
  // files this script wrote: others' outputs in dist/, like runtime's prebuilt bundles, stay)
  const manifest = join(staging, '.published.json');
  const before = existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')) : [];
  for (const file of before) if (!files.has(file)) rmSync(join(dist, file), { force: true });
  writeFileSync(manifest, JSON.stringify([...files].sort()));
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dirs = args.length ? args.map((a) => resolve(a)) : packageDirs();
  for (const dir of dirs) finishPackage(dir);
}
