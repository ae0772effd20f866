/**
 * Terminal rendering of `flowops runs …` and `flowops stats`: run tables, one run's step table
 * with the first failing step marked, redrive/delete summaries.
 * @module
 */
import type { DeleteResult, RedriveResult, RunDetail, RunStats, RunSummary, StepRow } from '@flowops/runtime';
import pc from 'picocolors';

function short(value: unknown, max = 100): string {
  if (value === undefined) return '';
  const s = JSON.stringify(value) ?? '';
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** `1234` → `1.2s`, `61000` → `1m1s`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '-';
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  return `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [pc.bold(line(header)), ...rows.map(line)].join('\n');
}

/** The `runs list` table. */
export function renderRunList(runs: RunSummary[]): string {
  if (runs.length === 0) return 'no runs match\n';
  const rows = runs.map((r) => [
    r.workflowId,
    `${r.workflow ?? '?'}@${r.version ?? '?'}`,
    r.status,
    r.startTime,
    formatDuration(r.durationMs),
    r.retryOf ? `retry of ${r.retryOf}` : '',
  ]);
  return `${table(['RUN', 'WORKFLOW', 'STATUS', 'STARTED', 'DURATION', ''], rows)}\n${runs.length} run${runs.length === 1 ? '' : 's'}\n`;
}

function stepLines(s: StepRow, failing: boolean): string[] {
  const mark = failing ? pc.red('>') : ' ';
  const head = `${mark} ${s.step.padEnd(16)} ${s.kind.padEnd(9)} ${s.status.padEnd(11)} attempt ${String(s.attempt ?? '-').padEnd(3)} ${formatDuration(s.durationMs)}`;
  const out = [failing ? pc.red(pc.bold(head)) : head];
  if (s.error) out.push(`      error:  ${pc.red(`${s.error.message} [${s.error.code}]`)}`);
  if (s.input !== undefined) out.push(`      input:  ${short(s.input)}`);
  if (s.output !== undefined) out.push(`      output: ${short(s.output)}`);
  return out;
}

/** The `runs show` screen: summary, failure, first failing step, the step table. */
export function renderRunDetail(d: RunDetail, link: string | undefined): string {
  const lines = [
    `${d.workflowId}  ${d.workflow ?? '?'}@${d.version ?? '?'}  ${d.status === 'failed' ? pc.red(d.status) : d.status}`,
    `  started ${d.startTime}${d.closeTime ? `, closed ${d.closeTime} (${formatDuration(d.durationMs)})` : ''}`,
  ];
  if (d.retryOf) lines.push(`  retry of ${d.retryOf}`);
  if (d.failure) lines.push(`  failure: ${pc.red(`${d.failure.message} [${d.failure.code}]`)}`);
  if (d.firstFailingStep) lines.push(`  first failing step: ${pc.red(pc.bold(d.firstFailingStep))}`);
  if (link) lines.push(`  ${link}`);
  lines.push('', 'steps:');
  for (const s of d.steps) lines.push(...stepLines(s, s.step === d.firstFailingStep));
  if (d.output !== undefined) lines.push('', `output: ${short(d.output, 400)}`);
  return `${lines.join('\n')}\n`;
}

/** The `runs redrive` summary. */
export function renderRedrive(r: RedriveResult, dryRun: boolean): string {
  const lines = dryRun
    ? [`would redrive ${r.selected.length} run${r.selected.length === 1 ? '' : 's'} (dry run: nothing started):`, ...r.selected.map((s) => `  ${s.workflowId}`)]
    : [
        `redrove ${r.started.length} of ${r.selected.length} run${r.selected.length === 1 ? '' : 's'} in ${r.batches} batch${r.batches === 1 ? '' : 'es'}:`,
        ...r.started.map((s) => `  ${s.retryOf} → ${s.workflowId}`),
        ...r.errors.map((e) => pc.red(`  ${e.workflowId}: ${e.message}`)),
      ];
  return `${lines.join('\n')}\n`;
}

/** The `runs delete` summary. */
export function renderDelete(r: DeleteResult, dryRun: boolean): string {
  const lines = dryRun
    ? [
        `would delete ${r.selected.length} closed run${r.selected.length === 1 ? '' : 's'} (dry run: nothing deleted):`,
        ...r.selected.map((s) => `  ${s.workflowId} ${s.status} ${s.closeTime}`),
      ]
    : [
        `deleted ${r.deleted.length} of ${r.selected.length} closed run${r.selected.length === 1 ? '' : 's'}`,
        ...r.errors.map((e) => pc.red(`  ${e.workflowId}: ${e.message}`)),
      ];
  return `${lines.join('\n')}\n`;
}

const pct = (x: number | undefined) => (x === undefined ? '-' : `${(x * 100).toFixed(1)}%`);

/** The `flowops stats` summary. */
export function renderStats(s: RunStats): string {
  return [
    `${s.workflow} since ${s.since}: ${s.runs} run${s.runs === 1 ? '' : 's'} (${s.closed} closed: ${s.succeeded} succeeded, ${s.failed} failed)${s.truncated ? ' — page bound reached, older runs not read' : ''}`,
    `  success rate  ${pct(s.successRate)}`,
    `  duration p50  ${formatDuration(s.p50DurationMs)}`,
    `  duration p95  ${formatDuration(s.p95DurationMs)}`,
    `  retry rate    ${pct(s.retryRate)}`,
    '',
  ].join('\n');
}
