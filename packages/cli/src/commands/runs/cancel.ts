/** `flowops runs cancel <id>`: request cancellation of a running run. @module */
import { cancelRun } from '@flowops/runtime';
import { print, runIdArgs, withClient } from './common';

export const name = 'cancel';
export const summary = 'Cancel a running run';
export const usage = 'flowops runs cancel <run-id> [--env local] [--format pretty|json] [--json]';

export async function run(argv: string[]): Promise<number> {
  const a = runIdArgs(argv, usage);
  if (!a) return 0;
  const { json, id } = a;
  await withClient(a.env, (client) => cancelRun(client, id));
  print(json, { workflowId: id, cancelRequested: true }, () => `cancellation requested for ${id}\n`);
  return 0;
}
