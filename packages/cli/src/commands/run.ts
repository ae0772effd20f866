/**
 * `flowops run <workflow> --env <env> [--input file.json] [key=value …] [--wait] [--json]`:
 * validate the input against the workflow's schema, start the interpreter run, print its id and
 * Temporal UI link; with --wait, follow it to the end (exit 1 when it fails).
 * @module
 */
import { type RunOutcome, startRun, waitForResult } from '@flowops/runtime';
import { parse } from '../args';
import { findRepoRoot } from '../config';
import { connectClient, resolveRuntimeEnv, runLink } from '../runtime/connect';
import { parseInputArgs } from '../runtime/input-args';
import { renderOutcome } from '../runtime/render';
import { loadTarget } from '../runtime/target';

export const name = 'run';
export const summary = 'Start a workflow run on an environment';
export const usage = `flowops run <workflow> [--env local] [--input file.json] [key=value …] [--wait] [--json] [--dry-run] [--id <suffix>]

  <workflow> is a name (workflows/<name>), its directory, or a compiled IR .json file.
  The input is validated against the workflow's input schema before anything starts.`;

export interface RunFlags {
  dryRun: boolean;
  wait: boolean;
}

export async function runCommand(argv: string[], forced: Partial<RunFlags> = {}, text = usage): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      env: { type: 'string', default: 'local' },
      input: { type: 'string' },
      wait: { type: 'boolean' },
      json: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      id: { type: 'string' },
      'triggered-by': { type: 'string' },
      'git-sha': { type: 'string' },
      typecheck: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    text,
  );
  if (values.help) {
    process.stdout.write(`${text}\n`);
    return 0;
  }
  const [workflow, ...pairs] = positionals;
  if (!workflow) {
    const { usageError } = await import('../args');
    throw usageError('which workflow? pass its name', text);
  }
  const dryRun = forced.dryRun ?? values['dry-run'] === true;
  const wait = forced.wait ?? values.wait === true;
  const input = parseInputArgs(values.input, pairs);
  const target = await loadTarget(workflow, findRepoRoot(), { typecheck: values.typecheck === true });
  const renv = await resolveRuntimeEnv(values.env ?? 'local');
  const { client, connection } = await connectClient(renv);
  try {
    const started = await startRun({
      client,
      ir: target.ir,
      input,
      env: {},
      dryRun,
      taskQueue: renv.taskQueue,
      childIrs: target.childIrs,
      id: values.id,
      triggeredBy: values['triggered-by'] ?? process.env.GITHUB_ACTOR ?? process.env.USER,
      gitSha: values['git-sha'] ?? process.env.GITHUB_SHA,
    });
    const link = runLink(renv, started.workflowId);
    if (!values.json) {
      process.stdout.write(`started ${dryRun ? 'dry-run ' : ''}${target.ir.name}@${target.ir.version} as ${started.workflowId} on ${renv.env.name}\n`);
      if (link) process.stdout.write(`  ${link}\n`);
    }
    if (!wait) {
      if (values.json) process.stdout.write(`${JSON.stringify({ workflowId: started.workflowId, runId: started.runId, link })}\n`);
      return 0;
    }
    const outcome: RunOutcome = await waitForResult(client, started.workflowId);
    process.stdout.write(values.json ? `${JSON.stringify({ ...outcome, link }, null, 2)}\n` : renderOutcome(outcome));
    return outcome.status === 'succeeded' ? 0 : 1;
  } finally {
    await connection.close();
  }
}

export function run(argv: string[]): Promise<number> {
  return runCommand(argv);
}

export default { name, summary, usage, run };
