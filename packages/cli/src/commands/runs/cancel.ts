/** `flowops runs cancel <id>`: request cancellation of a running run. @module */
import { cancelRun } from '@flowops/runtime';
import { formatOf, parse, usageError } from '../../args';
import { COMMON_OPTIONS, RUNS_FORMATS, print, withClient } from './common';

export const name = 'cancel';
export const summary = 'Cancel a running run';
export const usage = 'flowops runs cancel <run-id> [--env local] [--format pretty|json] [--json]';

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, COMMON_OPTIONS, usage);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const json = formatOf(values, RUNS_FORMATS, usage) === 'json';
  const id = positionals[0];
  if (!id) throw usageError('which run? pass its id', usage);
  await withClient(values.env, (client) => cancelRun(client, id));
  print(json, { workflowId: id, cancelRequested: true }, () => `cancellation requested for ${id}\n`);
  return 0;
}
