#!/usr/bin/env node
// Second half of a package's build (`tsc -b tsconfig.build.json && node …/finish-dist.mjs .`):
// makes the JavaScript that tsc wrote to dist/ runnable by plain Node.
// - The sources import each other without extensions (`moduleResolution: Bundler`), which Node's
//   ESM loader does not resolve: relative specifiers in dist/**/*.{js,mjs,cjs,d.ts} get `.js` or
//   `/index.js`, and relative `.ts` literals that name a sibling module (`import('./x.ts')`,
//   `new URL('../workflows/index.ts', import.meta.url)`) get `.js` when that file was emitted.
// - Files the packages load at run time that tsc does not emit (src/**/*.{mjs,cjs,json}) are
//   copied next to their compiled neighbours, so `new URL('./x.mjs', import.meta.url)` works.
// Idempotent and fast (plain string work), so it runs after every incremental `tsc -b`.
// Usage: node tools/build/finish-dist.mjs <package dir>... (no argument: every package).
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ASSET = /\.(mjs|cjs|json)$/;
const CODE = /\.(js|mjs|cjs|d\.ts)$/;
const SKIP_DIR = new Set(['node_modules', '__fixtures__', 'fixtures-test']);

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

function walk(dir, keep, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIR.has(entry.name)) walk(path, keep, out);
    } else if (keep(entry.name)) out.push(path);
  }
  return out;
}

/** The specifier Node needs for `spec` written in `file`, or `spec` when it already works. */
function runnable(file, spec) {
  const from = dirname(file);
  const isFile = (p) => existsSync(resolve(from, p)) && statSync(resolve(from, p)).isFile();
  if (spec.endsWith('.ts') && !spec.endsWith('.d.ts')) {
    const js = `${spec.slice(0, -3)}.js`;
    return isFile(js) ? js : spec;
  }
  if (/\.(js|mjs|cjs|json|node)$/.test(spec)) return spec;
  if (isFile(`${spec}.js`)) return `${spec}.js`;
  if (isFile(`${spec.replace(/\/$/, '')}/index.js`)) return `${spec.replace(/\/$/, '')}/index.js`;
  return spec;
}

// `from './x'`, `import './x'`, `import('./x')`, `require('./x')`, `new URL('./x.ts', …)`.
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\bnew URL\(\s*)(['"])(\.{1,2}\/[^'"\n]*)\2/g;

/** Rewrite one emitted file's relative specifiers; returns whether it changed. */
export function fixFile(file) {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(SPECIFIER, (all, lead, quote, spec) => {
    const fixed = runnable(file, spec);
    return fixed === spec ? all : `${lead}${quote}${fixed}${quote}`;
  });
  if (next === text) return false;
  writeFileSync(file, next);
  return true;
}

/** Copy a package's run-time assets and fix its dist/ for Node. */
export function finishPackage(dir) {
  const src = join(dir, 'src');
  const dist = join(dir, 'dist');
  if (!existsSync(dist)) throw new Error(`${relative(ROOT, dist)} does not exist: run tsc -b first`);
  for (const asset of walk(src, (n) => ASSET.test(n) && !n.includes('.test.'))) {
    const target = join(dist, relative(src, asset));
    if (existsSync(target) && statSync(target).mtimeMs >= statSync(asset).mtimeMs) continue;
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(asset, target);
  }
  let changed = 0;
  for (const file of walk(dist, (n) => CODE.test(n))) if (fixFile(file)) changed++;
  return changed;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dirs = args.length ? args.map((a) => resolve(a)) : packageDirs();
  for (const dir of dirs) finishPackage(dir);
}
