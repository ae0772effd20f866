/**
 * Evaluating policy sets over compiled workflows: pure (no I/O), so the CLI, the loader child and
 * the GitHub App all get the same report. Violations are FLOW_POLICY_VIOLATION diagnostics naming
 * the set, the rule and the set's owners; a set where no rule ran is FLOW_POLICY_NO_RULES_RAN; a
 * rule that throws is FLOW_POLICY_INVALID. Waived sets' violations become warnings.
 * @module
 */
import type { Workflow } from '@flowops/core';
import type { PolicyContext, PolicyFinding, PolicySet } from '@flowops/sdk';
import { walkSteps } from '@flowops/core';
import { type Diagnostic, diagnostic } from '../diagnostic';
import { errorMessage } from '../module-loader';

/** The policy file at the repository root. */
export const POLICY_FILE = 'flowops.policy.ts';

/** An owner's `/flowops approve-policy <set>` on a commit (only the GitHub App produces these). */
export interface Waiver {
  set: string;
  /** `@login` of the owner who approved. */
  approvedBy: string;
  sha: string;
}

export interface PolicyInput {
  /** The workflows to check, with their repo-relative definition files. */
  workflows: { ir: Workflow; file: string }[];
  environment: string;
  /** Whether `environment` is protected (`isProtectedEnvironment`). */
  production: boolean;
  /** Owners named in CODEOWNERS (`parseCodeowners`). */
  codeowners: string[];
  /** Per workflow name: the step ids a change touches; absent: `'all'`. */
  changedSteps?: Record<string, string[] | 'all'> | undefined;
  /** Waivers of whole sets: their violations become warnings ("waived by @x: …"). */
  waivers?: Waiver[] | undefined;
  /** Repo-relative policy file, for diagnostics about the sets themselves (default `flowops.policy.ts`). */
  policyFile?: string | undefined;
}

export interface PolicySetReport {
  name: string;
  owners: string[];
  /** Rules that ran (their `appliesTo` held) for at least one workflow. */
  rulesRun: number;
  violations: Diagnostic[];
  /** The waiver applied to this set, if any. */
  waivedBy?: string | undefined;
}

export interface PolicyReport {
  sets: PolicySetReport[];
  /** Every diagnostic: violations of every set, sets where no rule ran, rules that threw. */
  diagnostics: Diagnostic[];
}

function contextFor(ir: Workflow, input: PolicyInput): PolicyContext {
  const effects = new Map<string, 'read' | 'write'>();
  for (const { step } of walkSteps(ir.steps)) if (step.type === 'action' && !effects.has(step.id)) effects.set(step.id, step.effect);
  return {
    workflow: ir,
    environment: input.environment,
    production: input.production,
    changedSteps: input.changedSteps?.[ir.name] ?? 'all',
    codeowners: input.codeowners,
    effectOf: (id) => effects.get(id),
  };
}

/** The "To fix" of a violation: the rule's hint, then who may waive it and how. */
function violationHint(set: PolicySet, finding: PolicyFinding): string {
  const fix = finding.hint?.trim() || 'change the workflow so the rule passes';
  return `${fix}; or ask an owner of ${set.name} (${set.owners.join(', ')}) to comment \`/flowops approve-policy ${set.name}\``;
}

function isFinding(f: unknown): f is PolicyFinding {
  return typeof f === 'object' && f !== null && typeof (f as PolicyFinding).message === 'string';
}

/**
 * Evaluate policy sets over workflows in one environment.
 * @example
 * const report = evaluatePolicies(sets, { workflows: [{ ir, file: 'workflows/deploy/workflow.ts' }], environment: 'production', production: true, codeowners: ['@acme/sre'] });
 * if (hasErrors(report.diagnostics)) …
 */
export function evaluatePolicies(sets: readonly PolicySet[], input: PolicyInput): PolicyReport {
  const policyFile = input.policyFile ?? POLICY_FILE;
  const contexts = input.workflows.map((w) => ({ ...w, ctx: contextFor(w.ir, input) }));
  const reports: PolicySetReport[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const set of sets) {
    const waiver = input.waivers?.find((w) => w.set === set.name);
    const report: PolicySetReport = {
      name: set.name,
      owners: [...set.owners],
      rulesRun: 0,
      violations: [],
      ...(waiver ? { waivedBy: waiver.approvedBy } : {}),
    };
    const problems: Diagnostic[] = [];
    const invalid = (rule: string, workflow: string, what: string, err: unknown) =>
      problems.push(
        diagnostic({
          code: 'FLOW_POLICY_INVALID',
          message: `policy ${set.name} / ${rule} ${what} while checking ${workflow}: ${errorMessage(err)}`,
          hint: `fix rule "${rule}" in ${policyFile}: it must not throw, and check() returns an array of { message, step?, hint? }`,
          file: policyFile,
          workflow,
        }),
      );
    for (const rule of set.rules) {
      let ran = false;
      for (const { ir, file, ctx } of contexts) {
        try {
          if (rule.appliesTo && !rule.appliesTo(ctx)) continue;
        } catch (err) {
          invalid(rule.name, ir.name, 'threw in appliesTo', err);
          continue;
        }
        ran = true;
        let findings: unknown;
        try {
          findings = rule.check(ctx);
        } catch (err) {
          invalid(rule.name, ir.name, 'threw', err);
          continue;
        }
        if (!Array.isArray(findings) || !findings.every(isFinding)) {
          invalid(rule.name, ir.name, 'returned something else than findings', 'check() must return an array of { message, step?, hint? }');
          continue;
        }
        for (const f of findings) {
          const d = diagnostic({
            code: 'FLOW_POLICY_VIOLATION',
            message: `policy ${set.name} / ${rule.name}: ${f.message}`,
            hint: violationHint(set, f),
            file,
            workflow: ir.name,
            step: f.step,
          });
          if (waiver) {
            d.severity = 'warning';
            d.message = `waived by ${waiver.approvedBy}: ${d.message}`;
          }
          report.violations.push(d);
        }
      }
      if (ran) report.rulesRun++;
    }
    if (report.rulesRun === 0 && contexts.length > 0 && problems.length === 0) {
      problems.push(
        diagnostic({
          code: 'FLOW_POLICY_NO_RULES_RAN',
          message: `policy ${set.name}: no rule ran for any of the ${contexts.length} workflow${contexts.length === 1 ? '' : 's'} in ${input.environment} (${set.rules.length === 0 ? 'it has no rules' : 'every rule’s appliesTo was false'}), so it checked nothing`,
          hint: `add rules to ${set.name} in ${policyFile}, or widen their appliesTo / environments so at least one runs in ${input.environment}`,
          file: policyFile,
        }),
      );
    }
    reports.push(report);
    diagnostics.push(...report.violations, ...problems);
  }
  return { sets: reports, diagnostics };
}
