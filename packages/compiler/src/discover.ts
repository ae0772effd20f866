/**
 * Workflow discovery: `workflows/<dir>/package.json` (its `flowops.workflow` entry, default
 * `./workflow.ts`, or a `workflow.yaml` next to it).
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isWithin, toRel } from './paths';

export type SourceKind = 'ts' | 'yaml';

export interface WorkflowSource {
  kind: SourceKind;
  /** Absolute directory of the workflow package. */
  dir: string;
  /** Absolute path of the definition (workflow.ts / workflow.yaml). */
  file: string;
  /** Repo-relative definition path, used in diagnostics. */
  relFile: string;
  /** Absolute path of package.json, when present. */
  packageJson: string | null;
  /** Repo-relative path of package.json (where it is or would be). */
  relPackageJson: string;
  /** Raw `version` field of package.json (validated later). */
  version: unknown;
  /** package.json text, for positions. */
  packageJsonText: string | null;
  /** Name guess before loading (package name without scope, else the directory name). */
  nameHint: string;
}

export interface DiscoverOptions {
  root: string;
  /** Restrict to workflows whose directory contains, or is contained in, one of these paths. */
  paths?: string[] | undefined;
  /** Directory holding the workflow packages, relative to root. */
  workflowsDir?: string | undefined;
}

interface PackageJson {
  name?: unknown;
  version?: unknown;
  flowops?: { workflow?: unknown };
}

function readPackageJson(file: string): { json: PackageJson; text: string } | null {
  try {
    const text = readFileSync(file, 'utf8');
    return { json: JSON.parse(text) as PackageJson, text };
  } catch {
    return null;
  }
}

export function discoverWorkflows(options: DiscoverOptions): WorkflowSource[] {
  const root = path.resolve(options.root);
  const base = path.join(root, options.workflowsDir ?? 'workflows');
  if (!existsSync(base)) return [];
  const sources: WorkflowSource[] = [];
  for (const entry of readdirSync(base, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const dir = path.join(base, entry.name);
    const source = sourceOf(root, dir, entry.name);
    if (source) sources.push(source);
  }
  const paths = options.paths?.map((p) => path.resolve(root, p));
  if (!paths || paths.length === 0) return sources;
  return sources.filter((s) => paths.some((p) => isWithin(p, s.dir) || isWithin(s.dir, p)));
}

/** The workflow source in `dir` (undefined when it holds none). */
export function sourceOf(root: string, dir: string, dirName: string): WorkflowSource | null {
  const pkgPath = path.join(dir, 'package.json');
  const pkg = existsSync(pkgPath) ? readPackageJson(pkgPath) : null;
  const declared = pkg && typeof pkg.json.flowops?.workflow === 'string' ? pkg.json.flowops.workflow : undefined;
  let file: string | undefined;
  if (declared) file = path.resolve(dir, declared);
  else if (existsSync(path.join(dir, 'workflow.ts'))) file = path.join(dir, 'workflow.ts');
  else if (existsSync(path.join(dir, 'workflow.yaml'))) file = path.join(dir, 'workflow.yaml');
  else if (existsSync(path.join(dir, 'workflow.yml'))) file = path.join(dir, 'workflow.yml');
  else if (pkg) file = path.join(dir, 'workflow.ts');
  if (!file) return null;
  const pkgName = pkg && typeof pkg.json.name === 'string' ? pkg.json.name.replace(/^@[^/]+\//, '') : undefined;
  return {
    kind: /\.ya?ml$/.test(file) ? 'yaml' : 'ts',
    dir,
    file,
    relFile: toRel(root, file),
    packageJson: pkg ? pkgPath : null,
    relPackageJson: toRel(root, pkgPath),
    version: pkg?.json.version,
    packageJsonText: pkg?.text ?? null,
    nameHint: pkgName ?? dirName,
  };
}
