/**
 * `flowops check`: type-check, load and validate workflows; diagnostics as pretty text, JSON,
 * GitHub annotations or SARIF. Exit 0 without errors, 1 with errors, 2 on usage errors.
 * @module
 */
import { checkWorkflows, ENGINES, findPolicyFile, formatReport, hasErrors, FORMATS } from '@flowops/compiler';
import { envReferenceDiagnostics } from '../checks/env-references';
import { lockfileDiagnostics } from '../checks/lockfile';
import { policyDiagnostics } from '../checks/policy';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE, findRepoRoot, loadConfig } from '../config';
import { FORMAT_OPTIONS, formatOf, parse, usageError } from '../args';
import { startProgress } from '../progress';
import { watchWorkflows } from '../watch';

export const name = 'check';
export const summary = 'Type-check and validate workflows (diagnostics: pretty, json, github, sarif)';
/** `--format` values (the first is the default; `--json` is `--format json`). */
export const formats = FORMATS;
export const usage = `flowops check [--format pretty|json|github|sarif] [--json] [--base <git-ref>] [--env <env>] [--watch] [--engine typescript|tsgo] [--no-cache] [paths…]

  --format <f>      output format (default pretty; --json: --format json)
  --base <ref>      enforce the version policy against this git ref (e.g. origin/main)
  --env <env>       evaluate flowops.policy.ts for this environment only (default: every environment of
                    flowops.config.ts; not in --watch)
  --watch           keep running; re-check when workflow files change
  --max-steps <n>   FLOW_TOO_MANY_STEPS threshold (default 100)
  --skip-typecheck  skip the TypeScript type-check (schema and lint only)
  --engine <e>      type-check engine: typescript (default) or tsgo (the native checker, needs @typescript/native-preview)
  --no-cache        ignore the on-disk cache (node_modules/.cache/flowops): re-check every workflow
  --timings         print phase timings on stderr`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      ...FORMAT_OPTIONS,
      base: { type: 'string' },
      env: { type: 'string' },
      watch: { type: 'boolean' },
      'max-steps': { type: 'string' },
      'skip-typecheck': { type: 'boolean' },
      timings: { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      engine: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    usage,
  );
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const format = formatOf(values, FORMATS, usage);
  const maxSteps = values['max-steps'] === undefined ? undefined : Number(values['max-steps']);
  if (maxSteps !== undefined && !(Number.isInteger(maxSteps) && maxSteps > 0)) {
    throw usageError(`--max-steps "${values['max-steps']}" is not a positive integer`, usage);
  }
  const engine = values.engine ?? process.env.FLOWOPS_TYPECHECK_ENGINE ?? 'typescript';
  if (!(ENGINES as readonly string[]).includes(engine)) throw usageError(`--engine "${engine}" is not one of ${ENGINES.join(', ')}`, usage);
  const root = findRepoRoot();
  if (!existsSync(join(root, CONFIG_FILE)) && !existsSync(join(root, 'workflows'))) {
    throw usageError(`${process.cwd()} is not in a flowops repository (no ${CONFIG_FILE} or workflows/ here or above)`, usage);
  }
  const options = {
    root,
    paths: positionals,
    base: values.base,
    maxSteps,
    typecheck: !values['skip-typecheck'],
    cache: !values['no-cache'],
    engine: engine as (typeof ENGINES)[number],
  };
  const color = format === 'pretty' && process.stdout.isTTY === true && !process.env.NO_COLOR;
  if (values.watch) return watchWorkflows(options, (result) => formatReport(format, result.workflows, result.diagnostics, { root, color }));
  const progress = startProgress({ quiet: format === 'json' });
  let result: Awaited<ReturnType<typeof checkWorkflows>>;
  try {
    progress.update(options.typecheck ? 'checking workflows (type-check, load, validate)' : 'checking workflows (load, validate)');
    result = await checkWorkflows(options);
    // env('NAME') references no environment of flowops.config.ts defines (FLOW_ENV_UNDEFINED)
    progress.update('checking env() references and package-lock.json');
    const config = await loadConfig(root);
    result.diagnostics.push(...envReferenceDiagnostics(root, config, result.workflows));
    // a workflow package package-lock.json lacks: \`npm ci\` would fail (FLOW_LOCKFILE_STALE)
    result.diagnostics.push(...lockfileDiagnostics(root, config.workflowsDir));
    // flowops.policy.ts, per environment (FLOW_POLICY_*); nothing without a policy file
    if (findPolicyFile(root)) progress.update('evaluating flowops.policy.ts');
    const policy = await policyDiagnostics(root, config, result.workflows, values.env === undefined ? undefined : [values.env]);
    result.diagnostics.push(...policy.diagnostics);
  } finally {
    progress.stop();
  }
  const stats = { rechecked: result.rechecked, cached: result.cached };
  process.stdout.write(formatReport(format, result.workflows, result.diagnostics, { root, color, stats }));
  if (values.timings) process.stderr.write(`timings: ${JSON.stringify(roundTimings(result.timings))}\n`);
  return hasErrors(result.diagnostics) ? 1 : 0;
}

function roundTimings(t: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(v)]));
}
