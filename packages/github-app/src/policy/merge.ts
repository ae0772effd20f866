/**
 * One policy verdict from the reports of several environments (`evaluatePolicies` runs once per
 * environment, since rules may depend on it): a set's rules run and violations add up (the same
 * violation once), and a set's FLOW_POLICY_NO_RULES_RAN stays only when no rule of it ran in any
 * environment. Pure.
 * @module
 */
import type { Diagnostic, PolicySetReport } from '@flowops/compiler';
import { toReportDiagnostic } from '../report/diagnostic';
import type { PolicySetOutcome, PolicyVerdict, ReportDiagnostic } from '../report/types';

/** What the sandbox's policy child answers: `evaluatePolicyRequest`'s reply. */
export type PolicyChildReply =
  | { ok: true; sets: { name: string; owners: string[] }[]; reports: { sets: PolicySetReport[]; diagnostics: Diagnostic[] }[] }
  | { ok: false; code: string; message: string; hint?: string };

const key = (d: ReportDiagnostic) => JSON.stringify([d.severity, d.code, d.message, d.workflow, d.step, d.file, d.line]);

function addUnique(into: ReportDiagnostic[], d: ReportDiagnostic): void {
  if (!into.some((x) => key(x) === key(d))) into.push(d);
}

/** The verdict of `file` (taken from `from`) for the reply; `changed`: the pull request edits the file. */
export function mergePolicyReply(reply: PolicyChildReply, o: { file: string; from: string; changed: boolean; headSha: string }): PolicyVerdict {
  const base = { file: o.file, from: o.from, changed: o.changed };
  if (!reply.ok) {
    const d: ReportDiagnostic = { code: reply.code, severity: 'error', message: reply.message, ...(reply.hint ? { hint: reply.hint } : {}), file: o.file };
    return { ...base, sets: [], diagnostics: [d], waivers: [] };
  }
  const sets = new Map<string, PolicySetOutcome>();
  for (const s of reply.sets) sets.set(s.name, { name: s.name, owners: [...s.owners], rulesRun: 0, violations: [] });
  const others: ReportDiagnostic[] = [];
  for (const report of reply.reports) {
    for (const r of report.sets) {
      const set = sets.get(r.name) ?? { name: r.name, owners: [...r.owners], rulesRun: 0, violations: [] };
      set.rulesRun += r.rulesRun;
      for (const v of r.violations) addUnique(set.violations, toReportDiagnostic(v));
      if (r.waivedBy) set.waivedBy = r.waivedBy;
      sets.set(r.name, set);
    }
    for (const d of report.diagnostics) if (d.code !== 'FLOW_POLICY_VIOLATION') addUnique(others, toReportDiagnostic(d));
  }
  const ran = (d: ReportDiagnostic) => [...sets.values()].some((s) => s.rulesRun > 0 && d.message.startsWith(`policy ${s.name}:`));
  const problems = others.filter((d) => d.code !== 'FLOW_POLICY_NO_RULES_RAN' || !ran(d));
  // One FLOW_POLICY_NO_RULES_RAN per set (its message names the environment).
  const seen = new Set<string>();
  const kept = problems.filter((d) => {
    if (d.code !== 'FLOW_POLICY_NO_RULES_RAN') return true;
    const set = d.message.slice(0, d.message.indexOf(':'));
    if (seen.has(set)) return false;
    seen.add(set);
    return true;
  });
  const outcomes = [...sets.values()];
  return {
    ...base,
    sets: outcomes,
    diagnostics: [...outcomes.flatMap((s) => s.violations), ...kept],
    waivers: outcomes.filter((s) => s.waivedBy).map((s) => ({ set: s.name, approvedBy: s.waivedBy!, sha: o.headSha })),
  };
}
