/**
 * `flowops drift` output: terminal text, JSON or Markdown of a drift report (@flowops/gitops).
 * @module
 */
import type { DriftReport } from '@flowops/gitops';

/** The drift report in `format`. */
export function renderDrift(report: DriftReport, format: 'pretty' | 'json' | 'markdown'): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const at = `${report.ref}${report.gitSha ? ` (${report.gitSha.slice(0, 7)})` : ''}`;
  if (format === 'markdown') {
    const head = `### flowops drift: \`${report.environment}\` vs ${at}\n\n`;
    if (report.inSync) return `${head}✅ In sync: the cluster matches git.\n`;
    const rows = report.items.map((i) => `| \`${i.name}\` | ${i.kind} | ${i.git ?? '—'} | ${i.cluster ?? '—'} | ${i.detail.replace(/\|/g, '\\|')} |`);
    return `${head}⚠️ ${report.items.length} difference${report.items.length === 1 ? '' : 's'}\n\n| workflow | kind | git | cluster | detail |\n|---|---|---|---|---|\n${rows.join('\n')}\n`;
  }
  if (report.inSync) return `${report.environment} is in sync with ${at}.\n`;
  const lines = report.items.map((i) => `${i.kind.padEnd(9)} ${i.name.padEnd(28)} git ${i.git ?? '—'} · cluster ${i.cluster ?? '—'} · ${i.detail}`);
  return `${report.environment} differs from ${at}:\n${lines.join('\n')}\n`;
}
