/** `flowops runs retry <id>`: a new run with the same input and definition, linked by `retryOf`. @module */
import { retryRun } from '@flowops/runtime';
import { runLink } from '../../runtime/connect';
import { actor, print, runIdArgs, withClient } from './common';

export const name = 'retry';
export const summary = 'Start a new run with the same input and definition version, linked to the first';
export const usage = 'flowops runs retry <run-id> [--env local] [--format pretty|json] [--json]';

export async function run(argv: string[]): Promise<number> {
  const a = runIdArgs(argv, usage);
  if (!a) return 0;
  const { json, id } = a;
  return withClient(a.env, async (client, renv) => {
    const retried = await retryRun(client, id, { taskQueue: renv.taskQueue, triggeredBy: actor() });
    const link = runLink(renv, retried.workflowId);
    print(json, { ...retried, link }, () => `started ${retried.workflowId} (retry of ${id})${link ? `\n  ${link}` : ''}\n`);
    return 0;
  });
}
