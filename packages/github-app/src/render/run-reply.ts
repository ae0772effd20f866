/**
 * Replies to `/flowops` comments: run results, refusals and `help`. Pure.
 * @module
 */
import { STATUS_ICON, cell, safeUrl, codeBlock, duration, raw, table } from './markdown';
import { COMMENT_LIMIT, truncateMarkdown } from './truncate';

export interface RunOutcome {
  kind: 'run' | 'dry-run';
  workflow: string;
  version?: string | undefined;
  env: string;
  status: 'succeeded' | 'failed' | 'timed-out' | 'cancelled';
  durationMs?: number | undefined;
  url?: string | undefined;
  workflowId?: string | undefined;
  steps: Array<{
    step: string;
    status: string;
    simulated?: boolean | undefined;
    durationMs?: number | undefined;
    error?: { code: string; message: string } | undefined;
  }>;
  failedStep?: string | undefined;
  /** flowops code of a failure. */
  code?: string | undefined;
  /** Already redacted by the activities that produced it (ends with the code in brackets). */
  error?: string | undefined;
}

export function renderRunReply(login: string, o: RunOutcome): string {
  const icon = STATUS_ICON[o.status] ?? (o.status === 'timed-out' ? '⏱️' : '⛔');
  const lines = [
    `@${login} ${icon} \`${o.kind} ${o.workflow}${o.version ? `@${o.version}` : ''}\` on **${cell(o.env)}** ${o.status} in ${duration(o.durationMs)}.`,
    '',
  ];
  if (o.url) lines.push(`Run: [${cell(o.workflowId ?? 'Temporal UI')}](${safeUrl(o.url)})`, '');
  if (o.status !== 'succeeded' && (o.failedStep || o.error)) {
    lines.push(`Failing step: \`${cell(o.failedStep ?? 'unknown')}\``, '', codeBlock(o.error ?? 'no error message'), '');
  }
  if (o.steps.length > 0) {
    lines.push(
      table(
        ['step', 'status', 'duration'],
        o.steps.map((s) => [s.step, `${STATUS_ICON[s.status] ?? ''} ${s.status}${s.simulated ? ' (simulated)' : ''}`, duration(s.durationMs)]),
      ),
    );
  }
  return truncateMarkdown(lines.join('\n'), COMMENT_LIMIT, 'The full run is in the Temporal UI.');
}

/** The reply to a `/flowops skip` that went through: who skipped what, why, and the run's link. */
export function renderSkipReply(login: string, o: { runId: string; step: string; env: string; reason: string; url?: string | undefined }): string {
  const run = o.url ? `[${cell(o.runId)}](${safeUrl(o.url)})` : `\`${cell(o.runId)}\``;
  return `@${login} ⏭️ skipped step \`${cell(o.step)}\` of ${run} on **${cell(o.env)}**; the run goes on with its fallback output.\n\nReason (recorded on the step): ${cell(o.reason)}`;
}

export function renderRefusal(login: string, line: string, reason: string): string {
  return `@${login} 🚫 \`${cell(line.trim()).slice(0, 200)}\` was not run: ${reason}`;
}

export interface HelpWorkflow {
  name: string;
  version?: string | undefined;
  description?: string | undefined;
  input?: Record<string, unknown> | undefined;
}

function inputsOf(schema: Record<string, unknown> | undefined): ReturnType<typeof raw> {
  const props = (schema?.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((schema?.required as string[] | undefined) ?? []);
  const names = Object.keys(props);
  if (names.length === 0) return raw('—');
  return raw(
    names
      .map((n) => {
        const p = props[n] ?? {};
        const type = Array.isArray(p.enum) ? (p.enum as unknown[]).map(String).join('\\|') : String(p.type ?? 'any');
        return `\`${n}${required.has(n) ? '' : '?'}\`: ${cell(type)}${p.description ? ` — ${cell(p.description)}` : ''}`;
      })
      .join('<br/>'),
  );
}

export function renderHelp(login: string, workflows: HelpWorkflow[], envs: string[]): string {
  const lines = [
    `@${login} flowops commands (one per line, outside code blocks):`,
    '',
    '- `/flowops run <workflow> [--env <env>] [key=value …]` — run on staging by default (write access; a protected environment such as production runs the published version, for its configured runners)',
    '- `/flowops dry-run <workflow> [--env <env>] [key=value …]` — run with write actions simulated',
    '- `/flowops plan [--env <env>]` — what merging would change in a cluster',
    '- `/flowops skip <run-id> <step> --reason "<why>" [--env <env>]` — skip a failed `allowSkip` step waiting for an operator (who may run there; recorded on the step)',
    '- `/flowops approve-policy <set>` — waive the violations of a policy set of `flowops.policy.ts` on this commit (owners of the set only; a new push needs a new approval)',
    '- `/flowops help` — this list',
    '',
    `Environments: ${envs.map((e) => `\`${e}\``).join(', ') || '—'}`,
    '',
    'Workflows of the default branch:',
    '',
  ];
  lines.push(
    workflows.length === 0
      ? 'No workflows found.'
      : table(
          ['workflow', 'version', 'inputs', 'description'],
          workflows.map((w) => [w.name, w.version ?? '—', inputsOf(w.input), w.description ?? '']),
        ),
  );
  return truncateMarkdown(lines.join('\n'), COMMENT_LIMIT);
}

export function renderPlanReply(
  login: string,
  plan: {
    env: string;
    rows: Array<{ workflow: string; status: string; from?: string | undefined; to?: string | undefined; detail?: string | undefined }>;
    error?: string | undefined;
  },
  sha: string,
): string {
  const lines = [`@${login} plan for **${cell(plan.env)}** at \`${sha.slice(0, 7)}\`:`, ''];
  if (plan.error) lines.push(`⚠️ ${cell(plan.error)}`);
  else if (plan.rows.length === 0) lines.push('Nothing to change: every workflow matches its active version.');
  else
    lines.push(
      table(
        ['workflow', 'status', 'active', 'git', 'detail'],
        plan.rows.map((r) => [r.workflow, r.status, r.from ?? '—', r.to ?? '—', r.detail ?? '']),
      ),
    );
  return truncateMarkdown(lines.join('\n'), COMMENT_LIMIT);
}
