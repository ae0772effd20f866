/**
 * Terminal summary of `flowops dry-run --changed`: one row per fixture run, then the failures
 * with their codes.
 * @module
 */
import pc from 'picocolors';
import type { ChangedDryRun, FixtureRun } from './dry-run-changed';

const MARK: Record<FixtureRun['status'], string> = { succeeded: pc.green('✓'), failed: pc.red('✗'), 'not-run': pc.yellow('!') };

export function renderChangedSummary(r: ChangedDryRun, env: string): string {
  const out: string[] = [];
  if (r.set.changed.length === 0) {
    out.push(`no workflow changed since ${r.set.base}`);
    return `${out.join('\n')}\n`;
  }
  const removed = r.set.changed.filter((c) => c.change === 'removed').map((c) => c.name);
  const rows = r.runs.map((run) => [
    MARK[run.status],
    `${run.workflow}@${run.version}`,
    r.set.changed.find((c) => c.name === run.workflow)?.change ?? '',
    run.fixture,
    run.status,
    run.durationMs === undefined ? '' : `${run.durationMs}ms`,
    run.workflowId ?? '',
  ]);
  const head = ['', 'workflow', 'change', 'fixture', 'status', 'duration', 'run'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => visible(row[i]!).length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c + ' '.repeat(Math.max(0, widths[i]! - visible(c).length)))
      .join('  ')
      .trimEnd();
  out.push(
    `dry-runs on ${env} of ${r.set.changed.length - removed.length} changed workflow(s) since ${r.set.base}:`,
    '',
    line(head.map((h) => pc.dim(h))),
    ...rows.map(line),
  );
  if (removed.length > 0) out.push('', `removed (not run): ${removed.join(', ')}`);
  const bad = r.runs.filter((run) => run.status !== 'succeeded');
  if (bad.length > 0) {
    out.push('');
    for (const run of bad) {
      out.push(
        `${MARK[run.status]} ${run.workflow} (${run.fixture}): ${run.error ?? run.status}${run.failedStep ? ` (step ${run.failedStep})` : ''} [${run.code ?? 'FLOW_STEP_FAILED'}]${run.url ? `\n    ${run.url}` : ''}`,
      );
    }
  }
  const ok = r.runs.length - bad.length;
  out.push('', `${ok} of ${r.runs.length} dry-run(s) succeeded`);
  return `${out.join('\n')}\n`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
const ANSI = /\u001b\[[0-9;]*m/g;
function visible(s: string): string {
  return s.replace(ANSI, '');
}
