/**
 * `flowops check`: FLOW_LOCKFILE_STALE when package-lock.json does not list a workflow package
 * the way its package.json says (a new `workflows/<name>/` makes a new npm workspace, and
 * `npm ci` refuses a lockfile without it). Without a package-lock.json there is nothing to check.
 * @module
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Diagnostic, diagnostic } from '@flowops/compiler';

interface PackageJson {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const same = (a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean =>
  JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort());

/** The command that brings package-lock.json in line without installing anything. */
export const LOCKFILE_FIX = 'npm install --package-lock-only --ignore-scripts --no-audit --no-fund';

/** One FLOW_LOCKFILE_STALE per workflow package that package-lock.json lacks or lists differently. */
export function lockfileDiagnostics(root: string, workflowsDir = 'workflows'): Diagnostic[] {
  const lockFile = join(root, 'package-lock.json');
  const dir = join(root, workflowsDir);
  if (!existsSync(lockFile) || !existsSync(dir)) return [];
  let lock: { packages?: Record<string, PackageJson> };
  try {
    lock = JSON.parse(readFileSync(lockFile, 'utf8'));
  } catch {
    return [stale('package-lock.json', 'package-lock.json is not valid JSON')];
  }
  const out: Diagnostic[] = [];
  for (const name of readdirSync(dir).sort()) {
    const pkgFile = join(dir, name, 'package.json');
    if (!existsSync(pkgFile)) continue;
    let pkg: PackageJson;
    try {
      pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
    } catch {
      continue; // the compiler reports an unreadable package.json
    }
    const rel = `${workflowsDir}/${name}`;
    const entry = lock.packages?.[rel];
    const file = `${rel}/package.json`;
    if (!entry) out.push(stale(file, `${pkg.name ?? rel}@${pkg.version ?? '?'} (${rel}) is not in package-lock.json, so \`npm ci\` fails`, name));
    else if (
      entry.name !== pkg.name ||
      entry.version !== pkg.version ||
      !same(entry.dependencies, pkg.dependencies) ||
      !same(entry.devDependencies, pkg.devDependencies)
    ) {
      out.push(
        stale(
          file,
          `package-lock.json lists ${rel} as ${entry.name}@${entry.version} with other dependencies than its package.json (${pkg.name}@${pkg.version}), so \`npm ci\` fails`,
          name,
        ),
      );
    }
  }
  return out;
}

function stale(file: string, message: string, workflow?: string): Diagnostic {
  return diagnostic({
    code: 'FLOW_LOCKFILE_STALE',
    message,
    hint: `run \`${LOCKFILE_FIX}\` (or \`npm install\`) at the repository root and commit package-lock.json`,
    file,
    workflow,
  });
}
