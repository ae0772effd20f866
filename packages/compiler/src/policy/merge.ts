/**
 * One view of a policy evaluated in several environments (`flowops check` over every environment
 * of the config, the App's report): the same finding once, and a set's FLOW_POLICY_NO_RULES_RAN
 * only when it ran no rule in any of the environments (a production-only rule does not fail `local`).
 * @module
 */
import type { Diagnostic } from '../diagnostic';
import type { PolicyReport } from './evaluate';

const key = (d: Diagnostic) => [d.code, d.file, d.line, d.column, d.step, d.message].join('\u0000');

/**
 * The diagnostics of per-environment reports, deduplicated, in first-seen order.
 * @example
 * const diagnostics = mergePolicyReports((await evaluatePolicyFiles(root, inputs)).reports);
 */
export function mergePolicyReports(reports: readonly PolicyReport[]): Diagnostic[] {
  const ran = new Set(reports.flatMap((r) => r.sets.filter((s) => s.rulesRun > 0).map((s) => s.name)));
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const report of reports) {
    for (const d of report.diagnostics) {
      let k = key(d);
      if (d.code === 'FLOW_POLICY_NO_RULES_RAN') {
        const set = report.sets.find((s) => d.message.startsWith(`policy ${s.name}:`))?.name;
        if (set !== undefined && ran.has(set)) continue;
        k = `${d.code}\u0000${set ?? d.message}`;
      }
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(d);
    }
  }
  return out;
}
