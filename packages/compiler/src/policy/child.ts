/**
 * The loader child's side of policy evaluation (load-child-entry.mjs): import
 * `flowops.policy.ts`, check its shape, evaluate every input, answer plain data. Also used
 * in-process where child processes are forbidden (the App's sandbox).
 * @module
 */
import { join } from 'node:path';
import { type PolicySet, policySetProblems } from '@flowops/sdk';
import { fromError, type TsLoadFailure } from '../load-ts';
import type { ModuleLoader } from '../module-loader';
import { type PolicyInput, type PolicyReport, evaluatePolicies } from './evaluate';

/** What the parent sends: the repository root, the policy file (repo-relative) and one input per environment. */
export interface PolicyRequest {
  root: string;
  file: string;
  inputs: PolicyInput[];
}

/** The sets' plain description (rules without their functions). */
export interface PolicySetSummary {
  name: string;
  owners: string[];
  rules: { name: string; description?: string | undefined }[];
  /** The hosts of the set's `http-allowed-hosts` rule, when it has one. */
  httpAllowedHosts?: string[] | undefined;
}

export type PolicyReply = { ok: true; sets: PolicySetSummary[]; reports: PolicyReport[] } | TsLoadFailure;

/** Import the policy file and validate its default export: one set or an array of sets. */
export async function importPolicySets(root: string, file: string, loader: ModuleLoader): Promise<{ ok: true; sets: PolicySet[] } | TsLoadFailure> {
  let mod: Record<string, unknown>;
  try {
    mod = await loader.import(join(root, file), true);
  } catch (err) {
    return fromError(err, join(root, file), `${file} threw while loading`);
  }
  return policySetsOf(mod, file);
}

/**
 * The policy sets of an imported policy module: its default export, one set or an array of sets,
 * validated (`policySetProblems`, unique names). For callers that import the file themselves
 * (the App's sandbox loads TypeScript through CommonJS).
 */
export function policySetsOf(mod: Record<string, unknown>, file: string): { ok: true; sets: PolicySet[] } | TsLoadFailure {
  let value = mod.default;
  // Loaded as CommonJS (no `"type": "module"` above it), the namespace is nested once more.
  if (value && typeof value === 'object' && !Array.isArray(value) && !('rules' in value) && 'default' in value) value = (value as { default: unknown }).default;
  if (value === undefined)
    return {
      ok: false,
      code: 'FLOW_POLICY_INVALID',
      message: `${file} has no default export`,
      hint: "export default definePolicy({ name, owners, rules }) (import { definePolicy, policyRules } from '@flowops/sdk')",
    };
  const sets = Array.isArray(value) ? value : [value];
  const problems = sets.flatMap((s, i) => policySetProblems(s).map((p) => (sets.length > 1 ? `set ${i + 1}: ${p}` : p)));
  const names = sets.map((s) => (s as PolicySet).name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) problems.push(`two sets are named "${dup}" (a waiver names one set)`);
  if (problems.length > 0)
    return {
      ok: false,
      code: 'FLOW_POLICY_INVALID',
      message: `${file}: ${problems.join('; ')}`,
      hint: 'each set is definePolicy({ name: kebab-case, owners: [@org/team or @login, …], rules: [policyRules.…, { name, check }] })',
    };
  return { ok: true, sets: sets as PolicySet[] };
}

/** The plain description of sets (what crosses a process boundary). */
export function summarizePolicySets(sets: readonly PolicySet[]): PolicySetSummary[] {
  return sets.map((s) => {
    const http = s.rules.find((r) => r.name === 'http-allowed-hosts' && Array.isArray((r as { hosts?: unknown }).hosts)) as { hosts: string[] } | undefined;
    return {
      name: s.name,
      owners: [...s.owners],
      rules: s.rules.map((r) => ({ name: r.name, ...(typeof r.description === 'string' ? { description: r.description } : {}) })),
      ...(http ? { httpAllowedHosts: [...http.hosts] } : {}),
    };
  });
}

/** Load the policy file and evaluate it for each input; never throws. */
export async function evaluatePolicyRequest(request: PolicyRequest, loader: ModuleLoader): Promise<PolicyReply> {
  try {
    const loaded = await importPolicySets(request.root, request.file, loader);
    if (!loaded.ok) return loaded;
    return {
      ok: true,
      sets: summarizePolicySets(loaded.sets),
      reports: request.inputs.map((input) => evaluatePolicies(loaded.sets, { ...input, policyFile: request.file })),
    };
  } catch (err) {
    return fromError(err, join(request.root, request.file), `evaluating ${request.file} failed`);
  }
}
