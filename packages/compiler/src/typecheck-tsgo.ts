/**
 * The native TypeScript checker (`@typescript/native-preview`, `tsgo`) as a type-check engine.
 * It has no diagnostics API yet, so it runs as a child process over a generated tsconfig that
 * extends the repository's (only the workflow files as roots, `noEmit`, `skipLibCheck`) and its
 * `file(line,col): error TS…` lines are parsed into FLOW_TYPE_ERROR diagnostics, kept for files in
 * a workflow's directory, as the ts-morph engine does. Dependencies per workflow (for the cache):
 * the files it reaches through relative imports plus every local file of the program outside
 * the workflow directories (SDK and plugin sources in a monorepo) — conservative, never missing one.
 * @module
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FlowError } from '@flowops/core';
import { cacheDir } from './cache-store';
import { diagnostic, type Diagnostic, TYPE_ERROR_HINT } from './diagnostic';
import { isWithin, toRel } from './paths';
import type { TypeCheckResult } from './typecheck';

const PACKAGE = '@typescript/native-preview';
const LINE = /^(.+?)\((\d+),(\d+)\): (error|warning) TS(\d+): (.*)$/;

/** The native tsgo executable and its version, or undefined when the package is not installed. */
export function findTsgo(root: string): { exe: string; version: string } | undefined {
  for (const from of [path.join(root, 'package.json'), import.meta.filename]) {
    try {
      const require = createRequire(from);
      const pkgFile = require.resolve(`${PACKAGE}/package.json`);
      const version = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string }).version;
      const native = createRequire(pkgFile).resolve(`${PACKAGE}-${process.platform}-${process.arch}/package.json`);
      const exe = path.join(path.dirname(native), 'lib', process.platform === 'win32' ? 'tsgo.exe' : 'tsgo');
      if (existsSync(exe)) return { exe, version };
    } catch {
      // not resolvable from here
    }
  }
  return undefined;
}

/** Cache key part of the engine (`tsgo@<version>`). */
export function tsgoEngineName(root: string): string {
  return `tsgo@${findTsgo(root)?.version ?? 'missing'}`;
}

/** Type-check `roots` (absolute workflow files) with tsgo. */
export async function typecheckWithTsgo(root: string, roots: string[]): Promise<TypeCheckResult> {
  const tsgo = findTsgo(root);
  if (!tsgo) {
    throw new FlowError({
      code: 'FLOW_USAGE',
      message: `the tsgo type-check engine needs ${PACKAGE}, which is not installed`,
      hint: `npm install --save-dev ${PACKAGE}, or check with the default engine (--engine typescript)`,
    });
  }
  const dir = cacheDir(root);
  mkdirSync(dir, { recursive: true });
  const tsconfig = path.join(dir, `tsgo-${process.pid}-${Date.now()}.json`);
  const base = ['tsconfig.json', 'tsconfig.base.json'].map((f) => path.join(root, f)).find((f) => existsSync(f));
  const compilerOptions = { noEmit: true, skipLibCheck: true, incremental: false, composite: false, declaration: false };
  writeFileSync(tsconfig, JSON.stringify({ ...(base ? { extends: base } : {}), files: roots, include: [], compilerOptions }));
  let stdout: string;
  try {
    stdout = await new Promise<string>((resolve, reject) => {
      execFile(tsgo.exe, ['-p', tsconfig, '--pretty', 'false', '--listFiles'], { cwd: root, maxBuffer: 256 * 1024 * 1024 }, (err, out, errOut) => {
        // exit 1/2: diagnostics were reported; anything else is tsgo failing
        if (err && !(typeof err.code === 'number' && err.code <= 2 && out.length > 0)) reject(new Error(`tsgo failed: ${errOut || err.message}`));
        else resolve(out);
      });
    });
  } finally {
    rmSync(tsconfig, { force: true });
  }
  return parseTsgoOutput(root, roots, stdout);
}

/** Diagnostics per root and dependencies from tsgo's `--pretty false --listFiles` output. */
export function parseTsgoOutput(root: string, roots: string[], stdout: string): TypeCheckResult {
  const found: { file: string; line: number; column: number; message: string }[] = [];
  const files: string[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = LINE.exec(line);
    if (m) {
      found.push({ file: path.resolve(root, m[1]!), line: Number(m[2]), column: Number(m[3]), message: `${m[6]!.trim()} (TS${m[5]})` });
    } else if (/^\s+\S/.test(line) && found.length > 0) {
      // a chained message continues on indented lines
      const last = found[found.length - 1]!;
      last.message = last.message.replace(/ \(TS\d+\)$/, (code) => ` ${line.trim()}${code}`);
    } else if (path.isAbsolute(line.trim()) && line.trim() !== '') {
      files.push(path.resolve(line.trim()));
    }
  }
  const local = files.filter((f) => !f.split(path.sep).includes('node_modules'));
  const workflowDirs = roots.map((r) => path.dirname(r));
  const shared = local.filter((f) => !workflowDirs.some((d) => isWithin(d, f)));
  const byRoot = new Map<string, Diagnostic[]>();
  const deps = new Map<string, string[]>();
  const present = new Set(local);
  for (const file of roots) {
    const dir = path.dirname(file);
    const fileDeps = [...new Set([...relativeClosure(file, present), ...shared])];
    deps.set(file, fileDeps);
    const out: Diagnostic[] = [];
    const mine = new Set(fileDeps.filter((d) => isWithin(dir, d)));
    for (const d of found) {
      if (!mine.has(d.file)) continue;
      out.push(
        diagnostic({ code: 'FLOW_TYPE_ERROR', message: d.message, hint: TYPE_ERROR_HINT, file: toRel(root, d.file), pos: { line: d.line, column: d.column } }),
      );
    }
    if (!existsSync(file)) {
      const hint = 'create it or fix flowops.workflow in package.json';
      out.push(diagnostic({ code: 'FLOW_TYPE_ERROR', message: 'workflow file not found', file: toRel(root, file), hint }));
    }
    byRoot.set(file, out);
  }
  return { byRoot, deps };
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s*(?:[^'"`;]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]/g;

/** The file and what it reaches through relative imports, among the program's files. */
function relativeClosure(file: string, present: Set<string>): string[] {
  const seen = new Set([file]);
  const queue = [file];
  while (queue.length > 0) {
    const current = queue.pop()!;
    let text = '';
    try {
      text = readFileSync(current, 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(IMPORT)) {
      const target = path.resolve(path.dirname(current), m[1]!);
      const stem = target.replace(/\.(m|c)?js$/, '');
      for (const candidate of [target, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, path.join(target, 'index.ts')]) {
        if (present.has(candidate) && !seen.has(candidate)) {
          seen.add(candidate);
          queue.push(candidate);
        }
      }
    }
  }
  return [...seen];
}
