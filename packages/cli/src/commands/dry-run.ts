/**
 * `flowops dry-run <workflow> --env <env> …`: run the local definition (compiled now, not the
 * published one; `--version <v>` dry-runs a published one) with `read` actions for real, `write`
 * actions simulated, approvals auto-approved and sleeps skipped; waits for the result and
 * prints the trace.
 *
 * `flowops dry-run --changed [--base <ref>] --env <env> [--report <pr>]`: dry-run every workflow
 * changed since the base once per fixture; print a summary (exit 1 when any did not succeed);
 * with `--report`, the dry-runs start inside the GitHub App's report workflow instead
 * (`startReport`), which posts the check run and the PR comment; the command waits for it.
 * @module
 */
import { FORMAT_OPTIONS, formatOf, parse, usageError } from '../args';
import { findRepoRoot } from '../config';
import { envName } from '../gitops/context';
import { runChanged } from '../runtime/run-changed';
import { runCommand } from './run';

export const name = 'dry-run';
export const summary = 'Dry-run the local definition of a workflow, or every changed one (writes simulated)';
/** `--format` values (the first is the default; `--json` is `--format json`). */
export const formats = ['pretty', 'json'] as const;
export const usage = `flowops dry-run <workflow> [--env local] [--version <v>] [--input file.json] [key=value …] [--format pretty|json] [--json]
flowops dry-run --changed [--base <ref>] [--env <env>] [--report <pr> [--repo owner/repo] [--head-sha <sha>] [--skip-plan] [--no-wait] [--replay <file.json>]] [--format pretty|json] [--json]

  Runs the definition in this checkout: reads run for real, writes are simulated by their
  plugin's dryRun handler, approvals auto-approve, sleeps are skipped.
  --changed      every workflow whose definition differs from --base (default origin/main, else
                 main; new ones count), once per workflows/<name>/fixtures/*.json ({} without any);
                 exit 1 when any dry-run fails or cannot start
  --report <pr>  run the dry-runs inside the GitHub App's report workflow instead: this command
                 compiles, hands over the changed workflows with their fixtures, the diagnostics
                 and the plans (--env and every other configured environment but local), then
                 waits; the App's system worker dry-runs, posts the check run and the sticky PR
                 comment. The repository comes from --repo or GITHUB_REPOSITORY, the commit from
                 --head-sha, GITHUB_SHA or HEAD
  --no-wait      with --report: start the report workflow and exit 0 without waiting
  --replay <f>   with --report: the report carries this replay verdict (a change to the
                 interpreter): {"corpus": {"passed", "failed", "firstFailure"?}, "cluster":
                 what \`flowops replay --env staging --format json\` printed}; a failing one
                 fails the check run`;

export async function run(argv: string[]): Promise<number> {
  if (!argv.includes('--changed')) return runCommand(argv, { dryRun: true, wait: true, source: 'local' }, usage);
  const { values, positionals } = parse(
    argv,
    {
      changed: { type: 'boolean' },
      base: { type: 'string' },
      env: { type: 'string' },
      report: { type: 'string' },
      repo: { type: 'string' },
      'head-sha': { type: 'string' },
      'skip-plan': { type: 'boolean' },
      'no-wait': { type: 'boolean' },
      replay: { type: 'string' },
      ...FORMAT_OPTIONS,
      typecheck: { type: 'boolean' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    usage,
  );
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const format = formatOf(values, formats, usage);
  if (positionals.length > 0) throw usageError(`--changed picks the workflows itself; drop "${positionals.join(' ')}"`, usage);
  let pr: number | undefined;
  if (values.report !== undefined) {
    pr = Number(values.report);
    if (!Number.isInteger(pr) || pr <= 0) throw usageError(`--report "${values.report}" is not a pull-request number`, usage);
  }
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0))
    throw usageError(`--concurrency "${values.concurrency}" is not a positive integer`, usage);
  const outcome = await runChanged({
    root: findRepoRoot(),
    env: envName(values.env),
    base: values.base,
    pr,
    repo: values.repo,
    headSha: values['head-sha'],
    plan: values['skip-plan'] !== true,
    wait: values['no-wait'] !== true,
    replay: values.replay,
    json: format === 'json',
    typecheck: values.typecheck === true,
    concurrency,
  });
  return outcome.exitCode;
}

export default { name, summary, usage, formats, run };
