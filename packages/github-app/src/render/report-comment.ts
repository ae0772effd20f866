/**
 * The sticky pull-request comment: found by its hidden marker and edited in place. Summary
 * table, plan per environment, a Mermaid graph per changed workflow, collapsible dry-run
 * traces, drift, links to the runs. Pure; fits GitHub's 65 536-character limit.
 * @module
 */
import type { Workflow } from '@flowops/core';
import type { ChangedWorkflow, DryRunSummary, ReportInput } from '../report/types';
import { type Raw, STATUS_ICON, cell, safeUrl, codeBlock, details, duration, raw, table } from './markdown';
import { renderInFlight } from './in-flight';
import { renderPolicy } from './policy';
import { renderReplay } from './replay';
import { workflowMermaid } from './mermaid';
import { COMMENT_LIMIT, truncateMarkdown } from './truncate';

export const REPORT_MARKER = '<!-- flowops:report -->';
export const FORK_NOTE =
  '> [!NOTE]\n> This pull request comes from a fork. GitHub gives fork PRs no secrets in Actions, and flowops does not dry-run definitions from forks automatically (a dry-run executes `read` actions with staging credentials), so **no automatic dry-run** ran. A maintainer can comment `/flowops dry-run <workflow>` after reviewing the change.';

/** The note for a PR whose author has less than write access (same promise as for forks). */
export function untrustedAuthorNote(login: string, access: string): string {
  return `> [!NOTE]\n> @${login} has ${access} access to this repository. flowops does not compile or dry-run definitions from authors without write access automatically (a dry-run executes \`read\` actions with staging credentials), so **no automatic dry-run** ran. A maintainer can comment \`/flowops dry-run <workflow>\` after reviewing the change.`;
}

function dryRunCell(d: DryRunSummary | undefined, env: string): Raw {
  if (!d) return raw('➖ not run');
  const icon = STATUS_ICON[d.status] ?? '';
  const text = `${icon} ${d.status}${d.reason ? ` (${d.reason})` : ''}`;
  return raw(d.url ? `[${cell(text)} on ${cell(env)}](${safeUrl(d.url)})` : cell(text));
}

function trace(w: ChangedWorkflow): string {
  const d = w.dryRun;
  if (!d || d.steps.length === 0) return '';
  const rows = d.steps.map((s) => [
    s.step,
    `${STATUS_ICON[s.status] ?? ''} ${s.status}${s.simulated ? ' (simulated)' : ''}`,
    duration(s.durationMs),
    s.error ? `${s.error.message} [${s.error.code}]` : '',
  ]);
  const outputs = d.steps
    .filter((s) => s.output !== undefined)
    .map((s) => `**${cell(s.step)}**\n\n${codeBlock(JSON.stringify(s.output, null, 2).slice(0, 4000), 'json')}`)
    .join('\n\n');
  const body = [table(['step', 'status', 'duration', 'error'], rows), outputs].filter(Boolean).join('\n\n');
  return details(`Dry-run trace of ${w.name} (${d.status}, ${duration(d.durationMs)})`, body);
}

export function renderReportComment(input: ReportInput): string {
  const sha = input.headSha.slice(0, 7);
  const errors = input.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = input.diagnostics.filter((d) => d.severity === 'warning').length;
  const out: string[] = [REPORT_MARKER, `## flowops report for \`${sha}\``, ''];
  out.push(
    `**Check:** ${errors === 0 ? '✅ no errors' : `❌ ${errors} error${errors === 1 ? '' : 's'}`}${warnings ? `, ⚠️ ${warnings} warning${warnings === 1 ? '' : 's'}` : ''} (details in the \`flowops\` check run)`,
  );
  out.push('');
  if (input.fork) out.push(FORK_NOTE, '');
  const shown = input.workflows.filter((w) => w.change !== 'unchanged');
  if (shown.length === 0) {
    out.push('No workflow changes in this pull request.');
  } else {
    out.push(
      table(
        ['workflow', 'change', 'version', `dry-run (${input.environment})`, 'duration'],
        shown.map((w) => [w.name, w.change, w.version ?? '—', dryRunCell(w.dryRun, input.environment), duration(w.dryRun?.durationMs)]),
      ),
    );
  }
  for (const plan of input.plans) {
    out.push('', `### Plan: ${cell(plan.env)}`, '');
    if (plan.error) out.push(`⚠️ ${cell(plan.error)}`);
    else if (plan.rows.length === 0) out.push('Nothing to change.');
    else
      out.push(
        table(
          ['workflow', 'status', 'from', 'to', 'detail'],
          plan.rows.map((r) => [r.workflow, r.status, r.from ?? '—', r.to ?? '—', r.detail ?? '']),
        ),
      );
  }
  const inFlight = renderInFlight(input.plans);
  if (inFlight) out.push('', inFlight);
  const replay = renderReplay(input.replay);
  if (replay) out.push('', replay);
  const policy = renderPolicy(input.policy);
  if (policy) out.push('', policy);
  for (const w of shown) {
    out.push('', `### ${cell(w.name)}${w.version ? ` ${cell(w.version)}` : ''} (${w.change})`, '');
    const ir = (w.ir ?? w.baseIr) as Workflow | undefined;
    if (ir?.steps) {
      const changes = w.change === 'removed' ? { added: [], changed: [], removed: [] } : w.steps;
      out.push(codeBlock(workflowMermaid(ir, changes), 'mermaid'));
      if (w.steps && (w.steps.added.length || w.steps.changed.length || w.steps.removed.length)) {
        out.push(
          '',
          `Steps: ${[
            ['added', w.steps.added],
            ['changed', w.steps.changed],
            ['removed', w.steps.removed],
          ]
            .filter(([, l]) => (l as string[]).length)
            .map(([k, l]) => `${k} ${(l as string[]).map((s) => `\`${s}\``).join(', ')}`)
            .join('; ')}`,
        );
      }
    }
    if (w.dryRun?.status === 'failed')
      out.push('', `❌ Dry-run failed${w.dryRun.failedStep ? ` at \`${cell(w.dryRun.failedStep)}\`` : ''}: ${cell(w.dryRun.error ?? 'see trace')}`);
    const t = trace(w);
    if (t) out.push('', t);
  }
  out.push('', '### Drift', '');
  if (input.driftError) out.push(`⚠️ Drift could not be read in full: ${cell(input.driftError)}`, '');
  if (input.drift.length > 0) {
    out.push(
      table(
        ['environment', 'workflow', 'git', 'cluster', 'detail'],
        input.drift.map((d) => [d.env, d.workflow, d.git ?? '—', d.cluster ?? '—', d.detail ?? '']),
      ),
    );
  } else if (!input.driftError) out.push('No drift between the default branch and the clusters.');
  out.push('', `<sub>Updated for ${sha}. This comment is edited in place by flowops; comment \`/flowops help\` for commands.</sub>`);
  return truncateMarkdown(out.join('\n'), COMMENT_LIMIT, 'The full trace of each run is in the Temporal UI (links above).');
}
