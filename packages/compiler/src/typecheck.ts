/**
 * Type-checking workflow modules with ts-morph: one Project (compiler options from the repo's
 * tsconfig.json, `skipLibCheck`), only the workflow files as roots (TypeScript pulls in what
 * they import), and semantic diagnostics requested for workflow files only — the SDK and
 * plugins are checked by their own packages, so their bodies are never re-checked here.
 *
 * A `TypeChecker` stays alive between checks (watch mode): `check()` after files changed
 * refreshes those files, rebuilds the Program incrementally and re-checks only the roots whose
 * import closure contains a changed file.
 * @module
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Project, ts } from 'ts-morph';
import { diagnostic, type Diagnostic, TYPE_ERROR_HINT } from './diagnostic';
import { declarationPaths } from './dts';
import { isWithin, toRel } from './paths';

export interface TypeCheckResult {
  /** Diagnostics per root file (absolute path). */
  byRoot: Map<string, Diagnostic[]>;
  /** Local (non-node_modules) files each root depends on, itself included. */
  deps: Map<string, string[]>;
}

export interface TypeChecker {
  /** Check these root files; `changed` (absolute) are re-read from disk first. */
  check(roots: string[], changed?: string[]): TypeCheckResult;
}

export interface TypeCheckerOptions {
  /** Check against emitted declarations of @flowops/* (see dts.ts); for long-lived checkers. */
  declarations?: boolean;
  /**
   * Reuse this process's Project for the same tsconfig (its local files re-read from disk), so
   * successive in-process checks of different roots parse the SDK, zod and lib once (tests).
   */
  reuse?: boolean;
}

const projects = new Map<string, Project>();

export function createTypeChecker(root: string, checkerOptions: TypeCheckerOptions = {}): TypeChecker {
  const project = checkerOptions.reuse && !checkerOptions.declarations ? reusedProject(root) : createProject(root);
  if (checkerOptions.declarations) {
    const paths = declarationPaths(root, project.getCompilerOptions() as Record<string, unknown>);
    if (paths) project.compilerOptions.set({ paths: { ...(project.getCompilerOptions().paths ?? {}), ...paths } });
  }
  return checkerFor(root, project);
}

/** A Project with no files: the compiler options of `root` (its tsconfig.json with `skipLibCheck`, or flowops' defaults) and ts-morph's lib files. */
export function createProject(root: string): Project {
  const tsconfig = findTsconfig(root);
  const project = tsconfig
    ? new Project({
        tsConfigFilePath: tsconfig,
        skipAddingFilesFromTsConfig: true,
        compilerOptions: { skipLibCheck: true, noEmit: true },
      })
    : new Project({
        compilerOptions: {
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.ESNext,
          moduleResolution: ts.ModuleResolutionKind.Bundler,
          strict: true,
          skipLibCheck: true,
          noEmit: true,
          esModuleInterop: true,
          resolveJsonModule: true,
        },
      });
  return project;
}

function reusedProject(root: string): Project {
  const key = findTsconfig(root) ?? '';
  const known = projects.get(key);
  if (!known) {
    const project = createProject(root);
    projects.set(key, project);
    return project;
  }
  for (const sf of known.getSourceFiles()) {
    const file = sf.getFilePath();
    if (file.includes('/node_modules/')) continue;
    if (existsSync(file)) sf.refreshFromFileSystemSync();
    else known.removeSourceFile(sf);
  }
  return known;
}

function checkerFor(root: string, project: Project): TypeChecker {
  const cache = new Map<string, Diagnostic[]>();
  let depsCache = new Map<string, string[]>();

  return {
    check(roots, changed = []) {
      for (const file of changed) {
        const sf = project.getSourceFile(file);
        if (sf) {
          if (existsSync(file)) sf.refreshFromFileSystemSync();
          else project.removeSourceFile(sf);
        }
      }
      for (const file of roots) if (!project.getSourceFile(file)) project.addSourceFileAtPathIfExists(file);
      const program = project.getProgram().compilerObject;
      const changedSet = new Set(changed.map((f) => path.resolve(f)));
      const closure = closureOf(project);
      const byRoot = new Map<string, Diagnostic[]>();
      const deps = new Map<string, string[]>();
      for (const file of roots) {
        // An unchanged file imports what it imported before: reuse its closure (cheap re-checks).
        const previous = depsCache.get(file);
        const fileDeps = previous && changedSet.size > 0 && !previous.some((d) => changedSet.has(d)) ? previous : closure(file);
        deps.set(file, fileDeps);
        const stale = !cache.has(file) || fileDeps.some((d) => changedSet.has(d)) || (depsCache.get(file) ?? []).some((d) => changedSet.has(d));
        if (stale) cache.set(file, diagnosticsFor(root, program, file, fileDeps));
        byRoot.set(file, cache.get(file) ?? []);
      }
      depsCache = deps;
      return { byRoot, deps };
    },
  };
}

/** The nearest tsconfig.json at or above the repository root. */
function findTsconfig(root: string): string | undefined {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Transitive local imports of a file (outside node_modules), memoised per Program. */
function closureOf(project: Project): (file: string) => string[] {
  const direct = new Map<string, string[]>();
  const importsOf = (file: string): string[] => {
    let out = direct.get(file);
    if (out) return out;
    out = [];
    const sf = project.getSourceFile(file);
    if (sf) {
      const targets = [
        ...sf.getImportDeclarations().map((d) => d.getModuleSpecifierSourceFile()),
        ...sf.getExportDeclarations().map((d) => d.getModuleSpecifierSourceFile()),
      ];
      for (const t of targets) {
        const name = t?.getFilePath();
        if (name && !name.includes('/node_modules/')) out.push(path.resolve(name));
      }
    }
    direct.set(file, out);
    return out;
  };
  return importClosure(importsOf);
}

/** A file and everything it imports transitively, given each file's direct local imports (absolute paths). */
export function importClosure(importsOf: (file: string) => string[]): (file: string) => string[] {
  return (file: string) => {
    const seen = new Set<string>([path.resolve(file)]);
    const queue = [path.resolve(file)];
    while (queue.length > 0) {
      for (const dep of importsOf(queue.pop()!)) {
        if (!seen.has(dep)) {
          seen.add(dep);
          queue.push(dep);
        }
      }
    }
    return [...seen];
  };
}

/** Diagnostics of a workflow file and the local files next to it (its own helpers). */
export function diagnosticsFor(root: string, program: ts.Program, file: string, deps: string[]): Diagnostic[] {
  const dir = path.dirname(file);
  const out: Diagnostic[] = [];
  for (const dep of deps) {
    if (!isWithin(dir, dep)) continue;
    const sf = program.getSourceFile(dep);
    if (!sf) continue;
    const all = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    for (const d of all) out.push(toDiagnostic(root, d, sf));
  }
  if (!program.getSourceFile(file)) {
    const hint = 'create it or fix flowops.workflow in package.json';
    out.push(diagnostic({ code: 'FLOW_TYPE_ERROR', message: 'workflow file not found', file: toRel(root, file), hint }));
  }
  return out;
}

function toDiagnostic(root: string, d: ts.Diagnostic, fallback: ts.SourceFile): Diagnostic {
  const sf = d.file ?? fallback;
  const lc = d.start !== undefined ? sf.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
  const text = ts
    .flattenDiagnosticMessageText(d.messageText, '\n')
    .split('\n')
    .map((l) => l.trim())
    .join(' ');
  return diagnostic({
    code: 'FLOW_TYPE_ERROR',
    message: `${text} (TS${d.code})`,
    hint: TYPE_ERROR_HINT,
    file: toRel(root, sf.fileName),
    pos: { line: lc.line + 1, column: lc.character + 1 },
  });
}
