/** `flowops runs retry <id>`: a new run with the same input and definition, linked by `retryOf`. @module */
import { retryRun } from '@flowops/runtime';
import { formatOf, parse, usageError } from '../../args';
import { runLink } from '../../runtime/connect';
import { COMMON_OPTIONS, RUNS_FORMATS, actor, print, withClient } from './common';

export const name = 'retry';
export const summary = 'Start a new run with the same input and definition version, linked to the first';
export const usage = 'flowops runs retry <run-id> [--env local] [--format pretty|json] [--json]';

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, COMMON_OPTIONS, usage);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const json = formatOf(values, RUNS_FORMATS, usage) === 'json';
  const id = positionals[0];
  if (!id) throw usageError('which run? pass its id', usage);
  return withClient(values.env, async (client, renv) => {
    const retried = await retryRun(client, id, { taskQueue: renv.taskQueue, triggeredBy: actor() });
    const link = runLink(renv, retried.workflowId);
    print(json, { ...retried, link }, () => `started ${retried.workflowId} (retry of ${id})${link ? `\n  ${link}` : ''}\n`);
    return 0;
  });
}
