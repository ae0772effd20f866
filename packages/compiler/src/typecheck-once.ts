/**
 * A one-shot type-check (the CLI's cold check and fresh re-check, in the type-check thread) with
 * TypeScript's own Program instead of a ts-morph Project: the same compiler (ts-morph's bundled
 * TypeScript and its lib files), options, roots and per-file diagnostics as `createTypeChecker`,
 * without ts-morph's wrapper objects — it parsed every file twice as slowly and doubled the
 * thread's program time (BENCHMARKS.md, compile). Long-lived checkers (watch, tests) keep
 * `createTypeChecker`, whose Project re-checks incrementally.
 * @module
 */
import path from 'node:path';
import { ts } from 'ts-morph';
import type { Diagnostic } from './diagnostic';
import { type TypeCheckResult, createProject, diagnosticsFor, importClosure } from './typecheck';

/** Type-check `roots` (absolute workflow files) once; diagnostics and local import closure per root. */
export function checkOnce(root: string, roots: string[]): TypeCheckResult {
  const project = createProject(root);
  const options = project.getCompilerOptions();
  const program = ts.createProgram({ rootNames: roots, options, host: hostWithLibFiles(options, project.getModuleResolutionHost()) });
  const checker = program.getTypeChecker();
  const direct = new Map<string, string[]>();
  const importsOf = (file: string): string[] => {
    let out = direct.get(file);
    if (out) return out;
    out = [];
    const sf = program.getSourceFile(file);
    for (const statement of sf?.statements ?? []) {
      if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) || !statement.moduleSpecifier) continue;
      // as ts-morph's getModuleSpecifierSourceFile: the module the specifier's symbol declares
      const target = checker.getSymbolAtLocation(statement.moduleSpecifier)?.declarations?.[0];
      if (target && ts.isSourceFile(target) && !target.fileName.includes('/node_modules/')) out.push(path.resolve(target.fileName));
    }
    direct.set(file, out);
    return out;
  };
  const closure = importClosure(importsOf);
  const byRoot = new Map<string, Diagnostic[]>();
  const deps = new Map<string, string[]>();
  for (const file of roots) {
    const fileDeps = closure(file);
    deps.set(file, fileDeps);
    byRoot.set(file, diagnosticsFor(root, program, file, fileDeps));
  }
  return { byRoot, deps };
}

/** Where ts-morph serves TypeScript's lib files from memory (`libFolderInMemoryPath` of @ts-morph/common). */
const LIB_FOLDER = '/node_modules/typescript/lib';

/** The default compiler host, with TypeScript's lib files read from ts-morph's copy (its package ships no lib folder). */
function hostWithLibFiles(options: ts.CompilerOptions, libs: ts.ModuleResolutionHost): ts.CompilerHost {
  if (!libs.fileExists(`${LIB_FOLDER}/lib.d.ts`)) throw new Error(`ts-morph no longer serves TypeScript's lib files from ${LIB_FOLDER}`);
  const isLib = (name: string): boolean => name.startsWith(`${LIB_FOLDER}/`);
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getDefaultLibLocation = () => LIB_FOLDER;
  host.getDefaultLibFileName = (o) => `${LIB_FOLDER}/${ts.getDefaultLibFileName(o)}`;
  host.fileExists = (name) => (isLib(name) ? libs.fileExists(name) : fileExists.call(host, name));
  host.readFile = (name) => (isLib(name) ? libs.readFile(name) : readFile.call(host, name));
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) => {
    if (!isLib(name)) return getSourceFile.call(host, name, languageVersion, onError, shouldCreate);
    const text = libs.readFile(name);
    return text === undefined ? undefined : ts.createSourceFile(name, text, languageVersion);
  };
  return host;
}
