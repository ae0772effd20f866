/**
 * `flowops rollback <workflow> [--to <version>]`: make a revert commit restoring the workflow
 * to an earlier version (default: the previous one). Never pushes; open a pull request as usual.
 * @module
 */
import { parse, usageError } from '../args';
import { findRepoRoot, loadConfig } from '../config';
import { commitRollback, planRollback } from '@flowops/gitops';

export const name = 'rollback';
export const summary = 'Revert a workflow to an earlier version with a git commit (never pushes)';
export const usage = `flowops rollback <workflow> [--to <version>] [--dry-run]

  --to <version>  the version to go back to (default: the previous version in git history)
  --dry-run       print the commits that would be reverted, commit nothing`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { to: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, usage);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const workflow = positionals[0];
  if (!workflow) throw usageError('name the workflow to roll back', usage);
  const root = findRepoRoot();
  const config = await loadConfig(root);
  const plan = await planRollback(root, workflow, values.to, config.workflowsDir);
  const list = plan.reverted.map((c) => `  ${c.sha.slice(0, 7)} ${c.subject}`).join('\n');
  process.stdout.write(`${workflow}: ${plan.from} → ${plan.to}, reverting ${plan.reverted.length} commit${plan.reverted.length === 1 ? '' : 's'}:\n${list}\n`);
  if (values['dry-run']) return 0;
  const sha = await commitRollback(root, plan);
  process.stdout.write(
    `committed ${sha.slice(0, 7)} "Revert ${workflow} to ${plan.to}" — push it and open a pull request; publishing it re-activates ${workflow}@${plan.to}.\n`,
  );
  process.stdout.write(
    `To fix forward, bump ${workflow} to ${plan.nextVersion} (the next free version; ${plan.from} and earlier versions stay published and never change).\n`,
  );
  return 0;
}
