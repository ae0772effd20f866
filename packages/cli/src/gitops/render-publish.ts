/**
 * `flowops publish` output: one line per applied plan entry and a closing count.
 * @module
 */
import type { PublishReport } from '@flowops/gitops';

/** The publish report as terminal text. */
export function renderPublishReport(report: PublishReport): string {
  const lines: string[] = [];
  for (const o of report.outcomes) {
    if (o.error) {
      lines.push(`✗ ${o.name}: ${o.error.message}${o.error.hint ? ` — To fix: ${o.error.hint}` : ''} [${o.error.code}]`);
      continue;
    }
    const what = o.events.map((e) => `${e.kind}${e.version ? ` ${e.version}` : ''}`);
    const sched = o.schedules.map((s) => `schedule ${s.kind} ${s.scheduleId}`);
    lines.push(`✓ ${o.name}: ${[...what, ...sched].join(', ') || 'no-op (already applied)'}`);
  }
  lines.push(
    `${report.environment}: ${report.changed} workflow${report.changed === 1 ? '' : 's'} changed${report.failed ? `, ${report.failed} refused` : ''}.`,
  );
  return `${lines.join('\n')}\n`;
}
