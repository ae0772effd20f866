/**
 * Compiling a checked-out tree into a DefinitionSet: `checkWorkflows` without the type-check,
 * plus each workflow's fixtures. Executes the workflow modules, so the App calls it only inside
 * the compile sandbox (`sandbox.ts` → `compile-child.ts`); tests also call it in process.
 * @module
 */
import { existsSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { ModuleLoader } from '@flowops/compiler';
import { toReportDiagnostic } from '../report/diagnostic';
import type { DefinitionSet } from './types';

function readFixtures(root: string, file: string): Record<string, unknown> {
  const dir = join(root, file.split('/').slice(0, -1).join('/'), 'fixtures');
  if (!existsSync(dir)) return {};
  const out: Record<string, unknown> = {};
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.json')) continue;
    try {
      out[f.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    } catch {
      // a broken fixture is the compiler's and the workflow's tests' business
    }
  }
  return out;
}

/** Let a checkout resolve @flowops/* (and its other imports) from the App's node_modules. */
export function linkNodeModules(root: string, appRoot: string): void {
  if (!existsSync(join(root, 'node_modules')) && existsSync(join(appRoot, 'node_modules'))) {
    symlinkSync(join(appRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  }
}

/** Compile the definitions of a checked-out tree whose node_modules are already linked. */
export async function compileLinkedTree(root: string, sha: string, loader?: ModuleLoader): Promise<DefinitionSet> {
  const { checkWorkflows } = await import('@flowops/compiler');
  const result = await checkWorkflows({ root, typecheck: false, ...(loader ? { session: { results: new Map(), loader } } : {}) });
  return {
    sha,
    workflows: result.workflows.map((w) => ({ name: w.name, version: w.version, hash: w.hash, file: w.file, ir: w.ir, fixtures: readFixtures(root, w.file) })),
    diagnostics: result.diagnostics.map(toReportDiagnostic),
  };
}

/** Compile the definitions of a checked-out tree in this process (tests; the App uses the sandbox). */
export async function compileTree(root: string, sha: string, appRoot: string): Promise<DefinitionSet> {
  linkNodeModules(root, appRoot);
  return compileLinkedTree(root, sha);
}
