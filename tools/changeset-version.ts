/**
 * `npm run version-packages`: `changeset version` for the toolkit (the @flowops/* packages)
 * only. `.changeset/config.json` ignores @flowops/*, so a plain `npx changeset version` versions
 * workflows only and never a toolkit package; this script swaps that for one run — the
 * workflow packages ignored instead — and restores the config, so versioning the toolkit never
 * versions a workflow nor writes "Updated dependencies" into a workflow's CHANGELOG.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const configFile = join(root, '.changeset/config.json');

/** Names of the workflow packages (workflows/<name>/package.json). */
export function workflowPackages(dir = join(root, 'workflows')): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((d) => existsSync(join(dir, d, 'package.json')))
    .map((d) => (JSON.parse(readFileSync(join(dir, d, 'package.json'), 'utf8')) as { name: string }).name)
    .sort();
}

const original = readFileSync(configFile, 'utf8');
const config = JSON.parse(original) as { ignore?: string[] };
let status = 1;
try {
  writeFileSync(configFile, `${JSON.stringify({ ...config, ignore: workflowPackages() }, null, 2)}\n`);
  status = spawnSync('npx', ['changeset', 'version', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' }).status ?? 1;
} finally {
  writeFileSync(configFile, original);
}
process.exit(status);
