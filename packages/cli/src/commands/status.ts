/**
 * `flowops status <run-id> [--env local] [--follow] [--json]`: live per-step state of a run (the
 * interpreter's `progress` query) or, once it has ended, its result and trace.
 * @module
 */
import { FlowError } from '@flowops/core';
import type { Client } from '@temporalio/client';
import { getProgress, waitForResult } from '@flowops/runtime';
import { FORMAT_OPTIONS, formatOf, parse, usageError } from '../args';
import { connectClient, resolveRuntimeEnv, runLink } from '../runtime/connect';
import { followRun } from '../runtime/follow';
import { renderOutcome, renderOutcomeHead, renderProgress } from '../runtime/render';

export const name = 'status';
export const summary = 'Show the live state or result of a run';
/** `--format` values (the first is the default; `--json` is `--format json`). */
export const formats = ['pretty', 'json'] as const;
export const usage = `flowops status <run-id> [--env local] [--follow] [--format pretty|json] [--json]

  --follow   poll the run until it ends, printing each step's status change once (with
             --format json only the final result); exit 0 when it succeeds, 1 when it fails,
             130 on Ctrl-C (the run keeps going)`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { env: { type: 'string', default: 'local' }, follow: { type: 'boolean' }, ...FORMAT_OPTIONS, help: { type: 'boolean', short: 'h' } },
    usage,
  );
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const json = formatOf(values, formats, usage) === 'json';
  const id = positionals[0];
  if (!id) throw usageError('which run? pass its workflow id (flowops-<name>-…)', usage);
  const renv = await resolveRuntimeEnv(values.env ?? 'local');
  const { client, connection } = await connectClient(renv);
  try {
    let desc: Awaited<ReturnType<ReturnType<typeof client.workflow.getHandle>['describe']>>;
    try {
      desc = await client.workflow.getHandle(id).describe();
    } catch {
      throw new FlowError({
        code: 'FLOW_USAGE',
        message: `no run "${id}" in namespace ${renv.namespace} at ${renv.address}`,
        hint: 'copy the id printed by `flowops run`',
      });
    }
    const link = runLink(renv, id);
    if (desc.status.name === 'RUNNING' && values.follow) return await follow(client, id, json, link);
    if (desc.status.name === 'RUNNING') {
      const progress = await getProgress(client, id);
      process.stdout.write(
        json ? `${JSON.stringify({ workflowId: id, link, ...progress }, null, 2)}\n` : `${renderProgress(id, progress)}${link ? `  ${link}\n` : ''}`,
      );
      return 0;
    }
    const outcome = await waitForResult(client, id);
    process.stdout.write(json ? `${JSON.stringify({ ...outcome, link }, null, 2)}\n` : `${renderOutcome(outcome)}${link ? `  ${link}\n` : ''}`);
    return outcome.status === 'succeeded' ? 0 : 1;
  } finally {
    await connection.close();
  }
}

/** `--follow`: step changes as they happen, then how the run ended; Ctrl-C stops following. */
async function follow(client: Client, id: string, json: boolean, link: string | undefined): Promise<number> {
  const stop = new AbortController();
  const onSigint = () => stop.abort();
  process.once('SIGINT', onSigint);
  try {
    if (!json) process.stdout.write(`following ${id} (Ctrl-C stops following; the run keeps going)\n`);
    const outcome = await followRun({ client, workflowId: id, signal: stop.signal, onChange: json ? undefined : (line) => process.stdout.write(line) });
    if (!outcome) {
      if (!json) process.stdout.write(`stopped following ${id}; it is still running${link ? ` — ${link}` : ''}\n`);
      return 130;
    }
    process.stdout.write(json ? `${JSON.stringify({ ...outcome, link }, null, 2)}\n` : `${renderOutcomeHead(outcome)}${link ? `  ${link}\n` : ''}`);
    return outcome.status === 'succeeded' ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

export default { name, summary, usage, formats, run };
