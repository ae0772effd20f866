/**
 * One policy verdict from the reports of several environments (`evaluatePolicies` runs once per
 * environment, since rules may depend on it): per set, the rules run add up and its violations
 * count once; the diagnostics are `mergePolicyReports`' (the CLI's rule: deduplicated, a set's
 * FLOW_POLICY_NO_RULES_RAN only when no rule of it ran in any environment). Pure.
 * @module
 */
import { type Diagnostic, type PolicySetReport, mergePolicyReports } from '@flowops/compiler';
import { toReportDiagnostic } from '../report/diagnostic';
import type { PolicySetOutcome, PolicyVerdict, ReportDiagnostic } from '../report/types';

/** What the sandbox's policy child answers: `evaluatePolicyRequest`'s reply. */
export type PolicyChildReply =
  | { ok: true; sets: { name: string; owners: string[] }[]; reports: { sets: PolicySetReport[]; diagnostics: Diagnostic[] }[] }
  | { ok: false; code: string; message: string; hint?: string };

/** The verdict of `file` (taken from `from`) for the reply; `changed`: the pull request edits the file. */
export function mergePolicyReply(reply: PolicyChildReply, o: { file: string; from: string; changed: boolean; headSha: string }): PolicyVerdict {
  const base = { file: o.file, from: o.from, changed: o.changed };
  if (!reply.ok) {
    const d: ReportDiagnostic = { code: reply.code, severity: 'error', message: reply.message, ...(reply.hint ? { hint: reply.hint } : {}), file: o.file };
    return { ...base, sets: [], diagnostics: [d], waivers: [] };
  }
  const names = [...new Set([...reply.sets.map((s) => s.name), ...reply.reports.flatMap((r) => r.sets.map((s) => s.name))])];
  const outcomes: PolicySetOutcome[] = names.map((name) => {
    const per = reply.reports.map((r) => r.sets.find((s) => s.name === name));
    const owners = reply.sets.find((s) => s.name === name)?.owners ?? per.find((s) => s)?.owners ?? [];
    const waivedBy = per.find((s) => s?.waivedBy)?.waivedBy;
    return {
      name,
      owners: [...owners],
      rulesRun: per.reduce((n, s) => n + (s?.rulesRun ?? 0), 0),
      // The same violation in several environments counts once (mergePolicyReports' rule).
      violations: mergePolicyReports(per.map((s) => ({ sets: [], diagnostics: s?.violations ?? [] }))).map(toReportDiagnostic),
      ...(waivedBy ? { waivedBy } : {}),
    };
  });
  return {
    ...base,
    sets: outcomes,
    // Deduplicated across environments, a set's FLOW_POLICY_NO_RULES_RAN only where it ran nowhere: the CLI's rule.
    diagnostics: mergePolicyReports(reply.reports).map(toReportDiagnostic),
    waivers: outcomes.filter((s) => s.waivedBy).map((s) => ({ set: s.name, approvedBy: s.waivedBy!, sha: o.headSha })),
  };
}
