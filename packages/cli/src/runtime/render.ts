/**
 * Terminal rendering of run progress and results.
 * @module
 */
import type { RunOutcome, RunProgress, TraceEntry } from '@flowops/runtime';
import pc from 'picocolors';

const MARK: Record<string, string> = {
  succeeded: pc.green('✓'),
  failed: pc.red('✗'),
  skipped: pc.dim('–'),
  simulated: pc.cyan('~'),
  compensated: pc.yellow('↺'),
  running: pc.blue('…'),
  pending: pc.dim('·'),
};

function short(value: unknown, max = 80): string {
  if (value === undefined) return '';
  const s = JSON.stringify(value) ?? '';
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function renderTrace(steps: TraceEntry[]): string {
  const width = Math.max(8, ...steps.map((s) => s.step.length));
  return steps
    .map((s) => {
      const tail = s.error ? pc.red(`${s.error.message}`) : s.reason ? pc.dim(s.reason) : pc.dim(short(s.output));
      const extra = [s.simulated ? 'simulated' : '', s.cached ? 'cached' : '', s.attempt && s.attempt > 1 ? `attempt ${s.attempt}` : '']
        .filter(Boolean)
        .join(', ');
      const comp = s.compensation ? ` ${pc.yellow(`compensation ${s.compensation.status}`)}` : '';
      return `  ${MARK[s.status] ?? '?'} ${s.step.padEnd(width)} ${s.status.padEnd(11)} ${String(s.durationMs).padStart(6)}ms ${extra ? `(${extra}) ` : ''}${tail}${comp}`;
    })
    .join('\n');
}

function outcomeHead(o: RunOutcome): string {
  return o.status === 'succeeded'
    ? `${pc.green('succeeded')} ${o.workflowId}`
    : `${pc.red('failed')} ${o.workflowId}: ${o.message} [${o.code}]${o.failedStep ? ` (step ${o.failedStep})` : ''}`;
}

function outcomeOutput(o: RunOutcome): string {
  return o.status === 'succeeded' && o.output !== undefined ? `\noutput: ${JSON.stringify(o.output, null, 2)}` : '';
}

export function renderOutcome(o: RunOutcome): string {
  return `${outcomeHead(o)}\n${renderTrace(o.steps)}${outcomeOutput(o)}\n`;
}

/** How a run ended and its output, without the trace (`status --follow` printed the steps already). */
export function renderOutcomeHead(o: RunOutcome): string {
  return `${outcomeHead(o)}${outcomeOutput(o)}\n`;
}

export function renderProgress(workflowId: string, p: RunProgress): string {
  const steps: TraceEntry[] = p.steps.map((s) => ({
    step: s.step,
    kind: s.kind,
    status: s.status,
    simulated: s.status === 'simulated',
    durationMs: s.startedAt && s.endedAt ? Date.parse(s.endedAt) - Date.parse(s.startedAt) : 0,
    ...(s.error ? { error: s.error } : {}),
  }));
  const waiting = p.waitingApprovals.length ? `\nwaiting for approval: ${p.waitingApprovals.join(', ')}` : '';
  const skips = p.waitingSkips?.length ? `\nwaiting for an operator (flowops runs skip ${workflowId} <step> --reason …): ${p.waitingSkips.join(', ')}` : '';
  return `${p.status} ${workflowId} (${p.workflow}@${p.version}${p.dryRun ? ', dry-run' : ''})\n${renderTrace(steps)}${waiting}${skips}\n`;
}
