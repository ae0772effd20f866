/**
 * Policy as code in the CLI: evaluate `flowops.policy.ts` (one load in the loader child, one
 * report per environment) over compiled workflows. `flowops check` evaluates every environment of
 * flowops.config.ts (or `--env`), `plan` and `publish` their environment. No policy file: nothing.
 * Results are never cached: they depend on the policy file and CODEOWNERS, and evaluating is cheap
 * next to loading the workflows.
 * @module
 */
import { type Diagnostic, type Waiver, evaluatePolicyFiles, findPolicyFile, formatReport, mergePolicyReports, readCodeowners } from '@flowops/compiler';
import type { Workflow } from '@flowops/core';
import { FlowError, countSteps } from '@flowops/core';
import { loadConfig } from '../config';
import { type FlowopsConfig, isProtectedEnvironment } from '@flowops/sdk';

export interface PolicyCheck {
  /** The policy file, when the repository has one. */
  file?: string | undefined;
  /** Violations, sets where no rule ran, broken rules, load failures; deduplicated across environments. */
  diagnostics: Diagnostic[];
  /** The hosts of each set's `http-allowed-hosts` rule (a host must pass every list; for the worker's run-time check). */
  httpAllowedHosts?: string[][] | undefined;
}

/**
 * Evaluate the repository's policy for `environments` (default: every environment of the config).
 * A set's FLOW_POLICY_NO_RULES_RAN counts only when no rule of it ran in any of them (a
 * production-only rule does not fail the check of `local`).
 */
export async function policyDiagnostics(
  root: string,
  config: Pick<FlowopsConfig, 'environments'>,
  workflows: readonly { ir: Workflow; file: string }[],
  environments: readonly string[] = Object.keys(config.environments),
  waivers: Waiver[] = [],
): Promise<PolicyCheck> {
  if (!findPolicyFile(root)) return { diagnostics: [] };
  for (const env of environments) {
    if (!config.environments[env])
      throw new FlowError({
        code: 'FLOW_UNKNOWN_ENVIRONMENT',
        message: `environment "${env}" is not defined in flowops.config.ts (defined: ${Object.keys(config.environments).join(', ')})`,
        hint: 'pass one of the defined environments to --env',
      });
  }
  const codeowners = readCodeowners(root)?.owners ?? [];
  const inputs = environments.map((environment) => ({
    workflows: [...workflows],
    environment,
    production: isProtectedEnvironment(environment, config.environments[environment]),
    codeowners,
    ...(waivers.length > 0 ? { waivers } : {}),
  }));
  const result = await evaluatePolicyFiles(root, inputs);
  const diagnostics = mergePolicyReports(result.reports);
  const hosts = result.sets.flatMap((s) => (s.httpAllowedHosts ? [s.httpAllowedHosts] : []));
  return { file: result.file, diagnostics, ...(hosts.length > 0 ? { httpAllowedHosts: hosts } : {}) };
}

/**
 * The policy of one environment over git's workflows (`plan`, `publish`): evaluated before the
 * cluster is contacted. A workflow without a known file is reported at `workflows/<name>`.
 */
export async function environmentPolicy(
  root: string,
  env: string,
  workflows: readonly { name: string; ir: Workflow; file?: string | undefined }[],
  waivers: Waiver[] = [],
): Promise<PolicyCheck> {
  if (!findPolicyFile(root)) return { diagnostics: [] };
  const config = await loadConfig(root);
  return policyDiagnostics(
    root,
    config,
    workflows.map((w) => ({ ir: w.ir, file: w.file ?? `workflows/${w.name}` })),
    [env],
    waivers,
  );
}

/**
 * The waivers of the pull request merged as `sha`, for `flowops publish` in GitHub Actions: read
 * from the flowops App's own check run of the merged head (`policyWaiversForCommit` in
 * @flowops/github-app) with `GITHUB_TOKEN`, `GITHUB_REPOSITORY` and `GITHUB_API_URL`
 * (`FLOWOPS_GITHUB_APP_SLUG`, default `flowops`). Undefined outside Actions; a read that fails is
 * reported and counts as no waiver (the refusal stands).
 */
export async function mergedPullWaivers(
  sha: string | undefined,
  env: Record<string, string | undefined> = process.env,
): Promise<{ waivers: Waiver[]; pr?: number | undefined } | undefined> {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!env.GITHUB_TOKEN || !owner || !repo || !sha) return undefined;
  const { policyWaiversForCommit } = await import('@flowops/github-app');
  try {
    const found = await policyWaiversForCommit({
      apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
      token: env.GITHUB_TOKEN,
      owner,
      repo,
      sha,
      appSlug: env.FLOWOPS_GITHUB_APP_SLUG || undefined,
    });
    return { waivers: found.waivers, pr: found.pr };
  } catch (err) {
    process.stderr.write(
      `flowops publish: could not read the policy waivers of ${sha.slice(0, 7)} from GitHub (${err instanceof Error ? err.message : String(err)}); none applied\n`,
    );
    return { waivers: [] };
  }
}

/** The FLOW_POLICY_VIOLATION refusal of a publish: every error counted, the fix and who may waive. */
export function policyRefusal(env: string, diagnostics: readonly Diagnostic[]): FlowError {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const violations = errors.filter((d) => d.code === 'FLOW_POLICY_VIOLATION').length;
  const other = errors.length - violations;
  const parts = [
    violations > 0 ? `${violations} policy violation${violations === 1 ? '' : 's'}` : '',
    other > 0 ? `${other} other policy error${other === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return new FlowError({
    code: violations > 0 ? 'FLOW_POLICY_VIOLATION' : (errors[0]?.code ?? 'FLOW_POLICY_INVALID'),
    message: `publish to ${env} refused: ${parts.join(' and ')} (listed above); nothing was published`,
    hint:
      'fix the workflows (or flowops.policy.ts) and run `flowops check --env ' +
      env +
      '`; a violation can be waived on its pull request by an owner of the set with `/flowops approve-policy <set>`',
  });
}

/**
 * The worker's http allow-list (`flowops worker`): `FLOWOPS_HTTP_ALLOWED_HOSTS` when set, else the
 * `httpAllowedHosts` rules of the repository's flowops.policy.ts, written to
 * `FLOWOPS_HTTP_ALLOWED_HOSTS` (one list per set, `;`-separated) for the http plugin to enforce.
 * A policy file that does not load stops the worker (FlowError) rather than run it unrestricted.
 * @returns where the list came from and its text, or undefined (no restriction)
 */
export async function applyHttpAllowList(
  root: string,
  env: Record<string, string | undefined> = process.env,
): Promise<{ source: string; hosts: string } | undefined> {
  if (env.FLOWOPS_HTTP_ALLOWED_HOSTS?.trim()) return { source: 'FLOWOPS_HTTP_ALLOWED_HOSTS', hosts: env.FLOWOPS_HTTP_ALLOWED_HOSTS.trim() };
  if (!findPolicyFile(root)) return undefined;
  const result = await evaluatePolicyFiles(root, [{ workflows: [], environment: 'worker', production: false, codeowners: [] }]);
  const failed = result.reports[0]?.diagnostics.find((d) => d.severity === 'error');
  if (failed)
    throw new FlowError({
      code: failed.code,
      message: `${failed.file}: ${failed.message}`,
      hint: `${failed.hint ?? 'fix it'}; the worker reads its http allow-list from it`,
    });
  const lists = result.sets.flatMap((s) => (s.httpAllowedHosts ? [s.httpAllowedHosts.join(',')] : []));
  if (lists.length === 0) return undefined;
  env.FLOWOPS_HTTP_ALLOWED_HOSTS = lists.join(';');
  return { source: result.file ?? 'flowops.policy.ts', hosts: env.FLOWOPS_HTTP_ALLOWED_HOSTS };
}

/** The policy diagnostics of `plan`/`publish` as the pretty report (code frames, "To fix", summary over git's workflows). */
export function prettyPolicyReport(
  root: string,
  workflows: readonly { name: string; version: string; hash: string; ir: Workflow; file?: string | undefined }[],
  diagnostics: Diagnostic[],
  color = false,
): string {
  const compiled = workflows.map((w) => ({
    name: w.name,
    version: w.version,
    hash: w.hash,
    ir: w.ir,
    file: w.file ?? `workflows/${w.name}`,
    steps: countSteps(w.ir.steps),
  }));
  return formatReport('pretty', compiled, diagnostics, { root, color });
}
