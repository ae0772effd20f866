/**
 * Policy as code: `flowops.policy.ts` at the repository root default-exports one policy set (or
 * an array of them) made with `definePolicy`. A set has a kebab-case name, owners who may waive
 * its violations (`/flowops approve-policy <name>` on a pull request) and rules: functions over
 * one workflow's IR and its context (environment, changed steps, effects, CODEOWNERS owners)
 * that return findings. `@flowops/compiler` evaluates them (`evaluatePolicies`).
 * @module
 */
import { ID_PATTERN, type Workflow } from '@flowops/core';

/** The flowops/v1 IR of one workflow, as a rule sees it. */
export type WorkflowIR = Workflow;

/** What a rule is evaluated against: one workflow in one environment. */
export interface PolicyContext {
  workflow: WorkflowIR;
  /** The environment being checked or published to (`flowops.config.ts` name). */
  environment: string;
  /** Whether that environment is protected (`protected: true`, or named `production`). */
  production: boolean;
  /** Step ids the change touches (a pull request's diff), or `'all'` when unknown (a full check). */
  changedSteps: readonly string[] | 'all';
  /** Owners named in CODEOWNERS, e.g. `'@acme/sre'`, `'@alice'` (with the `@`). */
  codeowners: readonly string[];
  /** The declared effect of an action step; undefined for other kinds and unknown ids. */
  effectOf(stepId: string): 'read' | 'write' | undefined;
}

/** One problem a rule found. */
export interface PolicyFinding {
  /** What is wrong, e.g. `step "deploy" writes in production without an approval or a compensation`. */
  message: string;
  /** The step it is about, when there is one. */
  step?: string | undefined;
  /** How to fix it. */
  hint?: string | undefined;
}

/** A rule: `check` returns the findings for one workflow (none: it passes). */
export interface PolicyRule {
  /** kebab-case, shown in every violation (`policy <set> / <rule>: …`). */
  name: string;
  description?: string | undefined;
  /** Whether the rule applies to this workflow and environment (default: always). A set where no rule applied fails. */
  appliesTo?(ctx: PolicyContext): boolean;
  check(ctx: PolicyContext): PolicyFinding[];
}

/** A named set of rules and the owners who may waive its violations. */
export interface PolicySet {
  /** kebab-case; `/flowops approve-policy <name>` waives it. */
  name: string;
  /** GitHub teams (`@org/team`) or logins (`@login`). */
  owners: string[];
  rules: PolicyRule[];
}

/**
 * Declare a policy set: the default export of `flowops.policy.ts` (or one entry of an array).
 * @example
 * export default definePolicy({
 *   name: 'production-safety',
 *   owners: ['@acme/platform'],
 *   rules: [policyRules.writesNeedApprovalOrCompensation(), policyRules.httpAllowedHosts(['api.acme.com'])],
 * });
 */
export function definePolicy(set: PolicySet): PolicySet {
  return set;
}

const OWNER_PATTERN = /^@[A-Za-z0-9](?:[A-Za-z0-9-]*)(?:\/[A-Za-z0-9_.-]+)?$/;

/**
 * What is wrong with a value that should be a policy set (empty: nothing). Used by the loader
 * to turn a malformed `flowops.policy.ts` into FLOW_POLICY_INVALID.
 * @example
 * policySetProblems({ name: 'Prod', owners: [], rules: [] }) // ['name "Prod" is not kebab-case …', …]
 */
export function policySetProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['it is not a policy set (use `definePolicy({ name, owners, rules })`)'];
  const set = value as Partial<Record<keyof PolicySet, unknown>>;
  const problems: string[] = [];
  if (typeof set.name !== 'string' || !ID_PATTERN.test(set.name))
    problems.push(`name ${JSON.stringify(set.name)} is not kebab-case (e.g. "production-safety")`);
  if (!Array.isArray(set.owners) || set.owners.length === 0)
    problems.push('owners must name at least one GitHub team (@org/team) or login (@login) who may waive it');
  else for (const o of set.owners) if (typeof o !== 'string' || !OWNER_PATTERN.test(o)) problems.push(`owner ${JSON.stringify(o)} is not @org/team or @login`);
  if (!Array.isArray(set.rules)) problems.push('rules must be an array of rules (`policyRules.*` or `{ name, check }`)');
  else
    set.rules.forEach((r: unknown, i: number) => {
      const rule = r as Partial<PolicyRule> | null;
      if (typeof rule !== 'object' || rule === null || typeof rule.name !== 'string' || typeof rule.check !== 'function')
        problems.push(`rules[${i}] is not a rule (it needs a name and a check function)`);
      else if (!ID_PATTERN.test(rule.name)) problems.push(`rule name ${JSON.stringify(rule.name)} is not kebab-case`);
    });
  return problems;
}
