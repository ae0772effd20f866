/**
 * `flowops new <name> [--owner @org/team] [--no-install]`: scaffold `workflows/<name>/`
 * (package.json, workflow.ts, workflow.test.ts with the @flowops/testing harness, fixtures/,
 * README.md, CHANGELOG.md) and bring package-lock.json in line (the new workspace), so
 * `npm ci` and `flowops check` pass at once.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FlowError } from '@flowops/core';
import { parse, usageError } from '../args';
import { LOCKFILE_FIX } from '../checks/lockfile';
import { findRepoRoot, loadConfig } from '../config';
import { workflowFiles } from '../scaffold/workflow-files';

export const name = 'new';
export const summary = 'Scaffold a new workflow (workflows/<name>/) and update package-lock.json';
export const usage = `flowops new <name> [--owner @org/team] [--no-install]

  <name>         kebab-case workflow name (also its directory under workflows/)
  --owner        owning team (default @acme/platform; change it in workflow.ts)
  --no-install   write the files only; then run \`${LOCKFILE_FIX}\` yourself`;

const NAME = /^[a-z][a-z0-9-]*$/;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { owner: { type: 'string' }, 'no-install': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, usage);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const [wfName, ...extra] = positionals;
  if (!wfName) throw usageError('which workflow? pass its name, e.g. `flowops new order-refund`', usage);
  if (extra.length > 0) throw usageError(`one name at a time (got ${positionals.join(', ')})`, usage);
  if (!NAME.test(wfName)) throw usageError(`"${wfName}" is not a kebab-case name (lower-case letters, digits and -, starting with a letter)`, usage);
  const owner = values.owner ?? '@acme/platform';
  if (!/^@[\w.-]+(\/[\w.-]+)?$/.test(owner)) throw usageError(`--owner "${owner}" is not a GitHub handle or team (@org/team)`, usage);
  const root = findRepoRoot();
  const config = await loadConfig(root);
  const dir = join(root, config.workflowsDir, wfName);
  if (existsSync(dir)) {
    throw new FlowError({
      code: 'FLOW_USAGE',
      message: `${config.workflowsDir}/${wfName} already exists`,
      hint: 'pick another name, or edit the existing workflow',
    });
  }
  for (const [file, content] of Object.entries(workflowFiles(wfName, owner))) {
    const abs = join(dir, file);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    process.stdout.write(`created ${config.workflowsDir}/${wfName}/${file}\n`);
  }
  if (values['no-install']) {
    process.stdout.write(`next: ${LOCKFILE_FIX} (package-lock.json must list the new workspace for npm ci)\n`);
    return 0;
  }
  const [cmd, ...args] = LOCKFILE_FIX.split(' ');
  const npm = spawnSync(process.platform === 'win32' ? 'npm.cmd' : cmd!, args, { cwd: root, encoding: 'utf8' });
  if (npm.status !== 0) {
    throw new FlowError({
      code: 'FLOW_LOCKFILE_STALE',
      message: `the workflow was created, but \`${LOCKFILE_FIX}\` failed: ${(npm.stderr || npm.error?.message || '').trim().split('\n').slice(-3).join(' ')}`,
      hint: `run \`${LOCKFILE_FIX}\` (or \`npm install\`) at the repository root and commit package-lock.json`,
    });
  }
  process.stdout.write(`updated package-lock.json\nnext: npm install, then npx flowops check and npx vitest run ${config.workflowsDir}/${wfName}\n`);
  return 0;
}

export default { name, summary, usage, run };
