/**
 * The one rule for `env('NAME')` values: which values a run takes from its environment
 * (`envForRun`: exactly the names its definition and its `call` targets reference, or a coded
 * error naming the missing ones before anything starts), and which references no environment
 * of `flowops.config.ts` defines (`undefinedEnvReferences`, reported by `flowops check`).
 * Used by the CLI (run, dry-run, dry-run --changed), the runtime's schedules and the GitHub App.
 * @module
 */
import { type FlowIssue, type Result, type Workflow, envNames, fail, ok } from '@flowops/core';
import type { FlowopsConfig, ResolvedEnvironment } from './config';

/** What `envForRun` needs of an environment (a `ResolvedEnvironment` fits). */
export type EnvValuesSource = Pick<ResolvedEnvironment, 'name' | 'envValues' | 'envUnset'>;

/**
 * The `env` values a run of `workflows` (the definition first, then its `call` targets) takes
 * from `environment`: only the referenced names, so the run's input carries what it uses and
 * replays with it. FLOW_ENV_VALUE_MISSING, naming every missing name, when the environment
 * lacks one (or its `fromEnv` variable is not set).
 * @example
 * envForRun({ name: 'staging', envValues: { DEPLOY_API: 'https://deploy.staging' } }, [ir])
 * // ok({ DEPLOY_API: 'https://deploy.staging' })
 */
export function envForRun(environment: EnvValuesSource, workflows: Workflow[]): Result<Record<string, string>> {
  const values = environment.envValues ?? {};
  const unset = environment.envUnset ?? {};
  const out: Record<string, string> = {};
  const missing: string[] = [];
  const names = [...new Set(workflows.flatMap((w) => envNames(w)))].sort();
  for (const key of names) {
    if (Object.hasOwn(values, key)) out[key] = values[key]!;
    else missing.push(key);
  }
  if (missing.length === 0) return ok(out);
  const root = workflows[0]?.name ?? 'the workflow';
  const vars = missing.filter((m) => Object.hasOwn(unset, m));
  const absent = missing.filter((m) => !Object.hasOwn(unset, m));
  const fixes = [
    ...(absent.length > 0
      ? [`add ${absent.map((m) => `${m}: '…'`).join(', ')} (or fromEnv('VAR')) under environments.${environment.name}.env in flowops.config.ts`]
      : []),
    ...(vars.length > 0 ? [`export ${vars.map((m) => `${unset[m]}=…`).join(' ')} (read by environments.${environment.name}.env)`] : []),
  ];
  return fail({
    code: 'FLOW_ENV_VALUE_MISSING',
    message: `${root} references ${missing.map((m) => `env.${m}`).join(', ')}, which environment "${environment.name}" does not define${vars.length > 0 ? ` (${vars.map((m) => `$${unset[m]}`).join(', ')} not set)` : ''}; nothing was started`,
    hint: fixes.join('; '),
  });
}

/**
 * FLOW_ENV_UNDEFINED for each `env.NAME` of a workflow that no environment of the config defines
 * (no run anywhere could resolve it). The hint names the config key to add.
 * @example
 * undefinedEnvReferences(config, ir) // [{ code: 'FLOW_ENV_UNDEFINED', message: 'deploy-service references env.DEPLOY_API, …' }]
 */
export function undefinedEnvReferences(config: Pick<FlowopsConfig, 'environments'>, workflow: Workflow): FlowIssue[] {
  const defined = new Set(Object.values(config.environments).flatMap((e) => Object.keys(e.env ?? {})));
  const first = Object.keys(config.environments).find((n) => n !== 'local') ?? Object.keys(config.environments)[0] ?? 'staging';
  return envNames(workflow)
    .filter((name) => !defined.has(name))
    .map((name) => ({
      code: 'FLOW_ENV_UNDEFINED' as const,
      message: `${workflow.name} references env.${name}, which no environment in flowops.config.ts defines`,
      hint: `add ${name} under environments.<name>.env in flowops.config.ts, e.g. environments.${first}.env.${name}: '…' (or fromEnv('${name}'))`,
      path: `env.${name}`,
    }));
}
