/**
 * `flowops run <workflow> --env <env> [--version <v> | --local] [--input file.json] [key=value …]
 * [--wait] [--json]`: pick the definition — on `local` the checkout's, elsewhere the registry's
 * active version (or `--version`), `--local` forcing the checkout's — validate the input against
 * its schema, start the interpreter run, print its id and Temporal UI link; with --wait, follow
 * it to the end (exit 1 when it fails).
 * @module
 */
import { existsSync } from 'node:fs';
import { FlowError } from '@flowops/core';
import { loadPublished } from '@flowops/gitops';
import { type RunOutcome, startRun, waitForResult } from '@flowops/runtime';
import { FORMAT_OPTIONS, formatOf, parse, usageError } from '../args';
import { startProgress } from '../progress';
import { findRepoRoot } from '../config';
import { connectClient, resolveRuntimeEnv, runLink } from '../runtime/connect';
import { parseInputArgs } from '../runtime/input-args';
import { renderOutcome } from '../runtime/render';
import { loadTarget, workflowNameOf } from '../runtime/target';

export const name = 'run';
export const summary = 'Start a workflow run on an environment';
/** `--format` values (the first is the default; `--json` is `--format json`). */
export const formats = ['pretty', 'json'] as const;
export const usage = `flowops run <workflow> [--env local] [--version <v> | --local] [--input file.json] [key=value …] [--wait] [--format pretty|json] [--json] [--dry-run] [--id <suffix>]

  <workflow> is a name (workflows/<name>), its directory, or a compiled IR .json file.
  --env local (the default) runs the checkout's definition; any other environment runs the
  active published version from its registry, or --version <v>, or with --local the checkout's.
  A protected environment (\`protected: true\`, or named production) runs only published versions.
  key=value converts by the workflow's input schema; the input is validated against it before
  anything starts.`;

export interface RunFlags {
  dryRun: boolean;
  wait: boolean;
  /** Which definition by default: `local` (the checkout's) or `published` (non-local envs: the registry's). */
  source: 'local' | 'published';
}

export async function runCommand(argv: string[], forced: Partial<RunFlags> = {}, text = usage, root = findRepoRoot()): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      env: { type: 'string', default: 'local' },
      input: { type: 'string' },
      wait: { type: 'boolean' },
      ...FORMAT_OPTIONS,
      'dry-run': { type: 'boolean' },
      id: { type: 'string' },
      'triggered-by': { type: 'string' },
      'git-sha': { type: 'string' },
      typecheck: { type: 'boolean' },
      version: { type: 'string' },
      local: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    text,
  );
  if (values.help) {
    process.stdout.write(`${text}\n`);
    return 0;
  }
  const json = formatOf(values, formats, text) === 'json';
  const [workflow, ...pairs] = positionals;
  if (!workflow) throw usageError('which workflow? pass its name', text);
  const dryRun = forced.dryRun ?? values['dry-run'] === true;
  const wait = forced.wait ?? values.wait === true;
  if (values.local && values.version) throw usageError('--local runs the checkout; --version picks a published one: pass one of them', text);
  const renv = await resolveRuntimeEnv(values.env ?? 'local', root);
  const isFile = workflow.endsWith('.json') && existsSync(workflow);
  const published = !isFile && !values.local && (values.version !== undefined || (renv.env.name !== 'local' && (forced.source ?? 'published') === 'published'));
  if (renv.env.protected && !published) {
    throw new FlowError({
      code: 'FLOW_USAGE',
      message: `${renv.env.name} is a protected environment: it runs only published definitions, not ${isFile ? workflow : "the checkout's"}`,
      hint: `publish the workflow from the default branch (\`flowops publish --env ${renv.env.name}\`) and run it without --local, or set protected: false on ${renv.env.name} in flowops.config.ts`,
    });
  }
  const target = published
    ? await loadPublished(renv.env, workflowNameOf(workflow), values.version)
    : await loadTarget(workflow, root, { typecheck: values.typecheck === true });
  // key=value converts by the definition's input schema (the same rule as `/flowops run` comments)
  const input = parseInputArgs(target.ir.input, values.input, pairs);
  const { client, connection } = await connectClient(renv);
  try {
    const started = await startRun({
      client,
      ir: target.ir,
      input,
      environment: renv.env, // its env('NAME') values: only those the run references
      dryRun,
      taskQueue: renv.taskQueue,
      childIrs: target.childIrs,
      id: values.id,
      triggeredBy: values['triggered-by'] ?? process.env.GITHUB_ACTOR ?? process.env.USER,
      // a published definition's commit is in the registry, not this checkout
      gitSha: values['git-sha'] ?? (published ? undefined : process.env.GITHUB_SHA),
      uiUrl: renv.uiUrl, // notifyHuman messages link to the run
    });
    const link = runLink(renv, started.workflowId);
    if (!json) {
      const from = published ? 'published' : 'checkout';
      process.stdout.write(
        `started ${dryRun ? 'dry-run ' : ''}${target.ir.name}@${target.ir.version} (${from}) as ${started.workflowId} on ${renv.env.name}\n`,
      );
      if (link) process.stdout.write(`  ${link}\n`);
    }
    if (!wait) {
      if (json)
        process.stdout.write(
          `${JSON.stringify({ workflowId: started.workflowId, runId: started.runId, version: target.ir.version, hash: started.hash, source: published ? 'published' : 'checkout', link })}\n`,
        );
      return 0;
    }
    const progress = startProgress({ quiet: json });
    let outcome: RunOutcome;
    try {
      progress.update(`waiting for ${started.workflowId} to end`);
      outcome = await waitForResult(client, started.workflowId);
    } finally {
      progress.stop();
    }
    process.stdout.write(json ? `${JSON.stringify({ ...outcome, version: target.ir.version, hash: started.hash, link }, null, 2)}\n` : renderOutcome(outcome));
    return outcome.status === 'succeeded' ? 0 : 1;
  } finally {
    await connection.close();
  }
}

export function run(argv: string[]): Promise<number> {
  return runCommand(argv);
}

export default { name, summary, usage, formats, run };
