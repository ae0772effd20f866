/**
 * Loading `flowops.policy.ts` under the workflow loader's time limit and memory cap
 * (load-child.ts): a policy file that never finishes loading ends as FLOW_LOAD_ERROR within the
 * limit. Rules are functions, so evaluation happens where the file is loaded — in the loader
 * child — and plain reports come back (`evaluatePolicyFile`). Where Node's permission model forbids
 * child processes (the App's sandbox, which has its own limits) it loads in-process.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicySet } from '@flowops/sdk';
import { type Diagnostic, diagnostic } from '../diagnostic';
import { type LoadLimits, canIsolate, createWorkflowLoader, loadLimits } from '../load-child';
import type { TsLoadFailure } from '../load-ts';
import { createModuleLoader } from '../module-loader';
import { type PolicyReply, type PolicySetSummary, evaluatePolicyRequest, importPolicySets, policySetsOf } from './child';
import { positionPolicyDiagnostics } from './positions';
import { POLICY_FILE, type PolicyInput, type PolicyReport } from './evaluate';

export interface PolicyLoadOptions extends Partial<LoadLimits> {
  /** Load in a child process with the limits (default: when Node's permission model allows it). */
  isolate?: boolean | undefined;
}

/** The result of evaluating the policy file once per input. */
export interface PolicyFileResult {
  /** Repo-relative policy file; undefined when the repository has none (then nothing else is set). */
  file?: string | undefined;
  /** The sets' names, owners, rule names and http allow-list (plain data). */
  sets: PolicySetSummary[];
  /** One report per input, in order; each also carries the load failure when there was one. */
  reports: PolicyReport[];
}

/** `flowops.policy.ts` at `root`, or undefined. */
export function findPolicyFile(root: string): string | undefined {
  return existsSync(join(root, POLICY_FILE)) ? POLICY_FILE : undefined;
}

function failureDiagnostic(failure: TsLoadFailure, file: string): Diagnostic {
  return diagnostic({ code: failure.code, message: failure.message, hint: failure.hint, file, pos: failure.pos });
}

async function request(root: string, file: string, inputs: PolicyInput[], options: PolicyLoadOptions): Promise<PolicyReply> {
  if (options.isolate ?? canIsolate()) {
    const loader = createWorkflowLoader(loadLimits(options));
    try {
      return await loader.request<PolicyReply>({ policy: { root, file, inputs } }, file);
    } finally {
      await loader.close();
    }
  }
  const loader = createModuleLoader();
  try {
    return await evaluatePolicyRequest({ root, file, inputs }, loader);
  } finally {
    await loader.close();
  }
}

/**
 * Load `flowops.policy.ts` and evaluate it for several inputs (e.g. one per environment) with one
 * load. No policy file: `{ sets: [], reports: [] }`, no child started.
 */
export async function evaluatePolicyFiles(root: string, inputs: PolicyInput[], options: PolicyLoadOptions = {}): Promise<PolicyFileResult> {
  const file = findPolicyFile(root);
  if (!file) return { sets: [], reports: [] };
  const reply = await request(root, file, inputs, options);
  if (reply.ok) {
    const reports = reply.reports.map((r, i) => {
      const workflows = inputs[i]?.workflows ?? [];
      const diagnostics = positionPolicyDiagnostics(root, workflows, r.diagnostics);
      return { sets: r.sets.map((s) => ({ ...s, violations: positionPolicyDiagnostics(root, workflows, s.violations) })), diagnostics };
    });
    return { file, sets: reply.sets, reports };
  }
  const d = failureDiagnostic(reply, file);
  return { file, sets: [], reports: inputs.map(() => ({ sets: [], diagnostics: [d] })) };
}

/**
 * Load `flowops.policy.ts` at `root` in the loader child and evaluate it (`evaluatePolicies`) for
 * one input. No policy file: an empty report. A file that fails to load, overruns the time limit
 * or is malformed: one diagnostic (FLOW_LOAD_ERROR / FLOW_POLICY_INVALID) at the file. Violations
 * about a step point at the step in its workflow file (`positionPolicyDiagnostics`).
 * @example
 * const report = await evaluatePolicyFile(root, { workflows, environment: 'production', production: true, codeowners });
 */
export async function evaluatePolicyFile(root: string, input: PolicyInput, options: PolicyLoadOptions = {}): Promise<PolicyReport> {
  const result = await evaluatePolicyFiles(root, [input], options);
  return result.reports[0] ?? { sets: [], diagnostics: [] };
}

/**
 * The policy sets themselves (with their rule functions), for callers that evaluate in-process.
 * The file is first loaded in the loader child under the time limit, so one that never finishes
 * is FLOW_LOAD_ERROR here instead of a hang; only a file that loaded there is imported in-process.
 */
export async function loadPolicies(root: string, options: PolicyLoadOptions = {}): Promise<{ sets: PolicySet[]; diagnostics: Diagnostic[]; file?: string }> {
  const file = findPolicyFile(root);
  if (!file) return { sets: [], diagnostics: [] };
  if (options.isolate ?? canIsolate()) {
    const probe = await request(root, file, [], { ...options, isolate: true });
    if (!probe.ok) return { sets: [], diagnostics: [failureDiagnostic(probe, file)], file };
  }
  const loader = createModuleLoader();
  try {
    const loaded = await importPolicySets(root, file, loader);
    return loaded.ok ? { sets: loaded.sets, diagnostics: [], file } : { sets: [], diagnostics: [failureDiagnostic(loaded, file)], file };
  } finally {
    await loader.close();
  }
}

/**
 * `policySetsOf` as diagnostics: the sets of an already imported policy module, or one
 * FLOW_POLICY_INVALID diagnostic at `file` saying what is wrong.
 * @example
 * const { sets, diagnostics } = policySetsFromModule(await import(policyPath), 'flowops.policy.ts');
 */
export function policySetsFromModule(mod: Record<string, unknown>, file: string): { sets: PolicySet[]; diagnostics: Diagnostic[] } {
  const r = policySetsOf(mod, file);
  return r.ok ? { sets: r.sets, diagnostics: [] } : { sets: [], diagnostics: [failureDiagnostic(r, file)] };
}
