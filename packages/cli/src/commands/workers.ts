/**
 * `flowops workers [--env E]`: the environment's worker deployment — current and ramping version,
 * each version's pollers and how many runs are still pinned to it (draining / drained).
 * `flowops workers promote <build-id> [--ramp <percent>] [--force]`: make a version current (or
 * ramp a share of new runs to it); refuses a version no worker polls as, unless forced.
 * @module
 */
import { type DeploymentView, deploymentNameFor, describeDeployment, promoteVersion } from '@flowops/runtime';
import { FORMAT_OPTIONS, formatOf, parse, usageError } from '../args';
import { connectClient, resolveRuntimeEnv } from '../runtime/connect';

export const name = 'workers';
export const summary = 'Show the worker deployment (versions, pollers, pinned runs) or promote a version';
/** `--format` values (the first is the default; `--json` is `--format json`). */
export const formats = ['pretty', 'json'] as const;
export const usage = `flowops workers [--env local] [--format pretty|json] [--json]
flowops workers promote <build-id> [--ramp <percent>] [--force] [--env local] [--format pretty|json]

  A version is "draining" while runs are still pinned to it and "drained" when none are:
  its workers can be retired then. promote refuses a version no worker polls as (--force overrides).`;

/** The deployment as terminal text. */
export function renderDeployment(v: DeploymentView, taskQueue: string): string {
  if (!v.exists) return `deployment ${v.deploymentName}: no versioned worker has polled ${taskQueue} yet (start \`flowops worker\`)\n`;
  const out = [
    `deployment ${v.deploymentName} (task queue ${taskQueue})`,
    `  current: ${v.current ?? '(unversioned workers)'}`,
    ...(v.ramping ? [`  ramping: ${v.ramping} at ${v.rampPercent}%`] : []),
    '',
    `  ${'build id'.padEnd(24)} ${'status'.padEnd(9)} ${'pollers'.padStart(7)} ${'pinned runs'.padStart(11)}  created`,
  ];
  for (const x of v.versions) {
    const state = x.status === 'draining' && x.pinnedRuns === 0 ? 'drained' : x.status;
    out.push(`  ${x.buildId.padEnd(24)} ${state.padEnd(9)} ${String(x.pollers.length).padStart(7)} ${String(x.pinnedRuns).padStart(11)}  ${x.createdAt ?? ''}`);
  }
  return `${out.join('\n')}\n`;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      env: { type: 'string', default: 'local' },
      ...FORMAT_OPTIONS,
      ramp: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    usage,
  );
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const format = formatOf(values, formats, usage);
  const [verb, buildId, ...rest] = positionals;
  if (verb !== undefined && verb !== 'promote') throw usageError(`unknown subcommand "${verb}"`, usage);
  if (verb === 'promote' && !buildId) throw usageError('which version? pass the build id `flowops worker` printed (see `flowops workers`)', usage);
  if (rest.length > 0) throw usageError(`unexpected argument "${rest[0]}"`, usage);
  let ramp: number | undefined;
  if (values.ramp !== undefined) {
    if (verb !== 'promote') throw usageError('--ramp goes with `promote`', usage);
    ramp = Number(values.ramp);
    if (!Number.isFinite(ramp) || ramp <= 0 || ramp > 100) throw usageError(`--ramp "${values.ramp}" is not a percentage in (0, 100]`, usage);
  }
  const renv = await resolveRuntimeEnv(values.env ?? 'local');
  const deploymentName = deploymentNameFor(renv.taskQueue, renv.env.deploymentName);
  const { client, connection } = await connectClient(renv);
  try {
    const view =
      verb === 'promote' && buildId
        ? await promoteVersion(client, {
            deploymentName,
            taskQueue: renv.taskQueue,
            buildId,
            rampPercent: ramp,
            force: values.force,
            identity: 'flowops workers promote',
          })
        : await describeDeployment(client, deploymentName, renv.taskQueue);
    process.stdout.write(format === 'json' ? `${JSON.stringify({ taskQueue: renv.taskQueue, ...view }, null, 2)}\n` : renderDeployment(view, renv.taskQueue));
    return 0;
  } finally {
    await connection.close();
  }
}

export default { name, summary, usage, formats, run };
