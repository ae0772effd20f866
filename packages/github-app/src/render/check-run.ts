/**
 * The `flowops` check run: conclusion, summary (≤ 65 535 characters) and annotations from the
 * compiler diagnostics in batches of at most 50 (GitHub's per-request limit). Pure.
 * @module
 */
import type { ReportDiagnostic, ReportInput } from '../report/types';
import { replayFailed } from '../report/replay-file';
import { renderInFlight } from './in-flight';
import { checkRunWaiversLine } from '../policy/waivers';
import { renderPolicy } from './policy';
import { cell, table } from './markdown';
import { renderReplay } from './replay';
import { CHECK_SUMMARY_LIMIT, truncateMarkdown } from './truncate';

export const CHECK_NAME = 'flowops';
export const ANNOTATIONS_PER_REQUEST = 50;

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  title: string;
  message: string;
}

export function toAnnotation(d: ReportDiagnostic): Annotation | undefined {
  if (!d.file) return undefined;
  const line = Math.max(1, d.line ?? 1);
  const a: Annotation = {
    path: d.file,
    start_line: line,
    end_line: line,
    annotation_level: d.severity === 'error' ? 'failure' : d.severity === 'warning' ? 'warning' : 'notice',
    title: d.code,
    message: `${d.message}${d.hint ? ` — To fix: ${d.hint}` : ''} [${d.code}]`.slice(0, 60_000),
  };
  if (d.column !== undefined) {
    a.start_column = Math.max(1, d.column);
    a.end_column = Math.max(1, d.column);
  }
  return a;
}

export function annotationBatches(diagnostics: ReportDiagnostic[]): Annotation[][] {
  const all = diagnostics.map(toAnnotation).filter((a): a is Annotation => a !== undefined);
  const batches: Annotation[][] = [];
  for (let i = 0; i < all.length; i += ANNOTATIONS_PER_REQUEST) batches.push(all.slice(i, i + ANNOTATIONS_PER_REQUEST));
  return batches;
}

export type Conclusion = 'success' | 'failure' | 'neutral';

export function checkConclusion(input: ReportInput): Conclusion {
  if (input.diagnostics.some((d) => d.severity === 'error')) return 'failure';
  if (input.workflows.some((w) => w.dryRun?.status === 'failed')) return 'failure';
  if (replayFailed(input.replay)) return 'failure';
  return 'success';
}

/** Title, summary, conclusion and the output text (the policy section: sets, owners, waivers by whom at which commit). */
export function renderCheckRun(input: ReportInput): { title: string; summary: string; conclusion: Conclusion; text?: string } {
  const conclusion = checkConclusion(input);
  const errors = input.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = input.diagnostics.filter((d) => d.severity === 'warning').length;
  const failedRuns = input.workflows.filter((w) => w.dryRun?.status === 'failed').map((w) => w.name);
  const title =
    conclusion === 'success'
      ? `${input.workflows.filter((w) => w.change !== 'unchanged').length} workflow change(s), ${warnings} warning(s)`
      : `${errors} error(s)${failedRuns.length ? `, dry-run failed: ${failedRuns.join(', ')}` : ''}${replayFailed(input.replay) ? ', replay failed' : ''}`;
  const parts = [`**${cell(title)}**`, ''];
  if (input.fork) parts.push('Fork pull request: no automatic dry-run.', '');
  if (input.diagnostics.length > 0) {
    parts.push(
      table(
        ['severity', 'code', 'where', 'message'],
        input.diagnostics.map((d) => [
          d.severity,
          d.code,
          `${d.file ?? d.workflow ?? ''}${d.line ? `:${d.line}` : ''}`,
          `${d.message}${d.hint ? ` — To fix: ${d.hint}` : ''}`,
        ]),
      ),
    );
  }
  const inFlight = renderInFlight(input.plans);
  if (inFlight) parts.push('', inFlight);
  const replay = renderReplay(input.replay);
  if (replay) parts.push('', replay);
  const waivers = checkRunWaiversLine(input.policy?.waivers ?? []);
  const policy = [waivers, renderPolicy(input.policy)].filter(Boolean).join('\n\n') || undefined;
  return {
    title: title.slice(0, 1000),
    summary: truncateMarkdown(parts.join('\n'), CHECK_SUMMARY_LIMIT, 'All diagnostics are annotations on the files.'),
    conclusion,
    ...(policy ? { text: truncateMarkdown(policy, CHECK_SUMMARY_LIMIT, 'The policy diagnostics are annotations on the files.') } : {}),
  };
}
