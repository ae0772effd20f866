/** `flowops runs list`: runs from visibility, newest first. @module */
import { listRuns, parseStatus, sinceDate } from '@flowops/runtime';
import { formatOf, parse, usageError } from '../../args';
import { renderRunList } from '../../runtime/render-runs';
import { COMMON_OPTIONS, RUNS_FORMATS, print, withClient } from './common';

export const name = 'list';
export const summary = 'List runs (newest first)';
export const usage = `flowops runs list [--workflow W] [--status S] [--since 1d] [--limit 100] [--env local] [--format pretty|json] [--json]

  --status   running, succeeded, failed, cancelled, terminated or timed_out
  --since    only runs started this long ago or later (90s, 30m, 12h, 7d)
  --limit    at most this many runs (default 100)`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(
    argv,
    { ...COMMON_OPTIONS, workflow: { type: 'string' }, status: { type: 'string' }, since: { type: 'string' }, limit: { type: 'string' } },
    usage,
  );
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const json = formatOf(values, RUNS_FORMATS, usage) === 'json';
  const selection = {
    workflow: values.workflow,
    status: values.status === undefined ? undefined : parseStatus(values.status),
    since: values.since === undefined ? undefined : sinceDate(values.since),
  };
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw usageError('--limit must be a positive whole number', usage);
  const runs = await withClient(values.env, (client) => listRuns(client, selection, limit));
  print(json, runs, () => renderRunList(runs));
  return 0;
}
