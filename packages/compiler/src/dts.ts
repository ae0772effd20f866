/**
 * Declaration files for the workspace packages workflows import (@flowops/sdk, core, plugin-*),
 * emitted once per content hash into node_modules/.cache/flowops/dts/<hash>/ and mapped with
 * `paths`. Checking a workflow against declarations skips re-inferring the SDK's and plugin
 * contracts' types from their source on every check, which is most of the cost of re-checking
 * one file in watch mode. Any emit problem falls back to checking against the source.
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { tsMorphVersion } from './lazy-ts';

const require = createRequire(import.meta.url);

function scopeDir(root: string): string | undefined {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', '@flowops');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'test') sourceFiles(p, out);
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

interface Pkg {
  name: string;
  entry: string;
  dir: string;
}

function workspacePackages(root: string): Pkg[] {
  const scope = scopeDir(root);
  if (!scope) return [];
  const out: Pkg[] = [];
  for (const name of readdirSync(scope).sort()) {
    if (name !== 'sdk' && name !== 'core' && !name.startsWith('plugin-')) continue;
    try {
      const dir = realpathSync(path.join(scope, name));
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { exports?: Record<string, unknown> };
      // `"."` is the source itself, or conditions whose `@flowops/source` is (built packages).
      const dot = pkg.exports?.['.'];
      const entry = typeof dot === 'object' && dot !== null ? (dot as Record<string, unknown>)['@flowops/source'] : dot;
      // Installed from npm, package.json still names the condition but src/ is not shipped.
      if (typeof entry === 'string' && entry.endsWith('.ts') && existsSync(path.join(dir, entry))) {
        out.push({ name: `@flowops/${name}`, entry: path.join(dir, entry), dir });
      }
    } catch {
      // not a source package
    }
  }
  return out;
}

function commonDir(dirs: string[]): string {
  let common = dirs[0] ?? '/';
  for (const d of dirs) while (path.relative(common, d).startsWith('..')) common = path.dirname(common);
  return common;
}

export interface DeclarationTarget {
  /** Content hash of the packages' sources (part of cache keys). */
  key: string;
  outDir: string;
  rootDir: string;
  pkgs: Pkg[];
  paths: Record<string, string[]>;
}

/** Where the declarations for the current sources live (cheap: hashes files, emits nothing). */
export function declarationTarget(root: string): DeclarationTarget | undefined {
  const pkgs = workspacePackages(root);
  if (pkgs.length === 0) return undefined;
  const hash = createHash('sha1').update(tsMorphVersion());
  for (const p of pkgs) for (const f of sourceFiles(path.join(p.dir, 'src')).sort()) hash.update(f).update(readFileSync(f));
  const key = hash.digest('hex').slice(0, 16);
  const outDir = path.join(root, 'node_modules', '.cache', 'flowops', 'dts', key);
  const rootDir = commonDir(pkgs.map((p) => p.dir));
  const paths = Object.fromEntries(pkgs.map((p) => [p.name, [path.join(outDir, path.relative(rootDir, p.entry)).replace(/\.ts$/, '.d.ts')]]));
  return { key, outDir, rootDir, pkgs, paths };
}

/** `paths` mapping @flowops/* to emitted declarations (emitting them once), or undefined to check against source. */
export function declarationPaths(root: string, options: Record<string, unknown>): Record<string, string[]> | undefined {
  const target = declarationTarget(root);
  if (!target) return undefined;
  const { outDir, rootDir, pkgs, paths } = target;
  const marker = path.join(outDir, '.complete');
  if (existsSync(marker)) return readFileSync(marker, 'utf8') === 'ok' ? paths : undefined;
  try {
    // A ts-morph Project (not ts.createProgram): ts-morph serves the lib .d.ts files in memory.
    const { Project } = require('ts-morph') as typeof import('ts-morph');
    const project = new Project({
      compilerOptions: { ...(options as object), declaration: true, emitDeclarationOnly: true, noEmit: false, outDir, rootDir, skipLibCheck: true },
    });
    for (const p of pkgs) project.addSourceFileAtPath(p.entry);
    project.resolveSourceFileDependencies();
    const result = project.emitSync({ emitOnlyDtsFiles: true });
    const failed = result.getEmitSkipped() || result.getDiagnostics().length > 0;
    mkdirSync(outDir, { recursive: true });
    writeFileSync(marker, failed ? 'failed' : 'ok');
    return failed ? undefined : paths;
  } catch {
    return undefined;
  }
}
