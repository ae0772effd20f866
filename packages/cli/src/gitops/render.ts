/**
 * One plan, three renderings: terminal text, JSON (stable, for machines) and Markdown (PR comments).
 * @module
 */
import { describeDiff, formatIssue } from '@flowops/core';
import { describeInFlight } from '@flowops/runtime';
import pc from 'picocolors';
import type { Plan, PlanEntry, PlanStatus } from '@flowops/gitops';

export type PlanFormat = 'pretty' | 'json' | 'markdown';
export const PLAN_FORMATS: readonly PlanFormat[] = ['pretty', 'json', 'markdown'];

const SYMBOL: Record<PlanStatus, string> = { new: '+', changed: '~', rollback: '↺', unchanged: '=', removed: '-', drifted: '!', reused: '≠' };

function versionText(e: PlanEntry): string {
  const active = e.cluster?.active ?? (e.cluster ? 'inactive' : undefined);
  if (e.status === 'new') return `${e.git?.version}`;
  if (e.status === 'removed') return `${active} → deactivated`;
  if (e.status === 'unchanged') return `${e.git?.version}`;
  return `${active ?? '—'} → ${e.git?.version}`;
}

function details(e: PlanEntry): string[] {
  const lines: string[] = [];
  if (e.drift) lines.push(`drift: ${e.drift}`);
  if (e.reused) lines.push(`reused: ${e.reused}`);
  if (e.diff) lines.push(...describeDiff(e.diff));
  for (const s of e.schedules) lines.push(`schedule ${s.kind} ${s.scheduleId}`);
  if (e.missingPlugins.length > 0) lines.push(`plugins missing: ${e.missingPlugins.join(', ')}`);
  if (e.blocked) lines.push(`refused: ${formatIssue(e.blocked)}`);
  if (e.inFlight) lines.push(...describeInFlight(e.inFlight));
  return lines;
}

function summaryLine(plan: Plan): string {
  const parts = (Object.entries(plan.counts) as [PlanStatus, number][]).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`);
  return parts.join(', ') || 'no workflows';
}

export function renderPretty(plan: Plan, opts: { color?: boolean; showUnchanged?: boolean } = {}): string {
  const c = opts.color ? pc : pc.createColors(false);
  const paint: Record<PlanStatus, (s: string) => string> = {
    new: c.green,
    changed: c.yellow,
    rollback: c.cyan,
    unchanged: c.dim,
    removed: c.red,
    drifted: c.magenta,
    reused: c.red,
  };
  const out = [c.bold(`Plan for ${plan.environment} (namespace ${plan.namespace})${plan.gitSha ? ` at ${plan.gitSha.slice(0, 7)}` : ''}`), ''];
  for (const e of plan.entries) {
    if (e.status === 'unchanged' && e.schedules.length === 0 && e.missingPlugins.length === 0 && !opts.showUnchanged) continue;
    out.push(paint[e.status](`${SYMBOL[e.status]} ${e.name.padEnd(28)} ${e.status.padEnd(9)} ${versionText(e)}`));
    for (const d of details(e)) out.push(`    ${d}`);
  }
  out.push('', `${summaryLine(plan)}.${plan.hasChanges ? '' : ' Nothing to publish.'}${plan.blocked ? c.red(` ${plan.blocked} refused.`) : ''}`);
  return `${out.join('\n')}\n`;
}

export function renderJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

const esc = (s: string): string => s.replace(/\|/g, '\\|');

export function renderMarkdown(plan: Plan): string {
  const out = [`### flowops plan: \`${plan.environment}\``, '', `${summaryLine(plan)}${plan.blocked ? ` — **${plan.blocked} refused**` : ''}`, ''];
  const shown = plan.entries.filter((e) => e.status !== 'unchanged' || e.schedules.length > 0 || e.missingPlugins.length > 0);
  if (shown.length === 0) return `${out.join('\n')}No changes: the cluster matches git.\n`;
  out.push('| | workflow | status | version | details |', '|---|---|---|---|---|');
  for (const e of shown) {
    const d = details(e).map(esc).join('<br>');
    out.push(`| ${SYMBOL[e.status]} | \`${e.name}\` | ${e.status} | ${esc(versionText(e))} | ${d} |`);
  }
  return `${out.join('\n')}\n`;
}

export function renderPlan(plan: Plan, format: PlanFormat, opts: { color?: boolean; showUnchanged?: boolean } = {}): string {
  return format === 'json' ? renderJson(plan) : format === 'markdown' ? renderMarkdown(plan) : renderPretty(plan, opts);
}
