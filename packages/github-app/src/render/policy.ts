/**
 * The policy section of the `flowops` check run (its output text) and of the sticky comment: which
 * policy file was evaluated and from where, a note when the pull request edits it, and one row per
 * set with its owners and whether it passed, failed or was waived (by whom, on which commit). Pure.
 * @module
 */
import type { PolicyVerdict } from '../report/types';
import { cell, table } from './markdown';

/** The section, or undefined when the base branch has no policy file. */
export function renderPolicy(p: PolicyVerdict | undefined): string | undefined {
  if (!p?.file) return undefined;
  const out = [`### Policy (\`${cell(p.file)}\` of \`${cell(p.from)}\`)`, ''];
  if (p.changed) {
    out.push(
      `> [!WARNING]\n> This pull request changes \`${cell(p.file)}\`. It was evaluated against the policy of \`${cell(p.from)}\`, never the pull request's own; the change applies once it is merged.`,
      '',
    );
  }
  if (p.sets.length === 0) out.push('No policy set loaded.');
  else
    out.push(
      table(
        ['set', 'owners', 'rules run', 'violations', 'status'],
        p.sets.map((s) => {
          const waivers = p.waivers.filter((w) => w.set === s.name);
          const status =
            s.violations.length === 0
              ? '✅ passed'
              : waivers.length > 0
                ? `✅ ${waivers.map((w) => `waived by ${w.approvedBy} at ${w.sha.slice(0, 7)}`).join('; ')}`
                : `❌ fix the violations or an owner comments \`/flowops approve-policy ${s.name}\``;
          return [s.name, s.owners.join(', '), String(s.rulesRun), String(s.violations.length), status];
        }),
      ),
    );
  return out.join('\n');
}
