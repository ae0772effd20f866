/** `flowops runs delete --before <date>`: delete closed runs, bounded. @module */
import { deleteRuns, parseDate } from '@flowops/runtime';
import { formatOf, parse, usageError } from '../../args';
import { renderDelete } from '../../runtime/render-runs';
import { COMMON_OPTIONS, RUNS_FORMATS, print, withClient } from './common';

export const name = 'delete';
export const summary = 'Delete closed runs that closed before a date (running runs are never touched)';
export const usage = `flowops runs delete --before <date> [--workflow W] [--limit 100] [--dry-run] [--env local] [--format pretty|json] [--json]

  --before   2026-01-31 or an ISO timestamp; only runs that closed before it
  --limit    at most this many runs per call (default 100, at most 1000)`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(
    argv,
    { ...COMMON_OPTIONS, before: { type: 'string' }, workflow: { type: 'string' }, limit: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    usage,
  );
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const json = formatOf(values, RUNS_FORMATS, usage) === 'json';
  if (!values.before) throw usageError('delete runs closed before when? pass --before <date>', usage);
  const before = parseDate(values.before);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw usageError('--limit must be a positive whole number', usage);
  const dryRun = values['dry-run'] === true;
  const result = await withClient(values.env, (client) => deleteRuns(client, { before, workflow: values.workflow, limit, dryRun }));
  print(json, { dryRun, ...result }, () => renderDelete(result, dryRun));
  return result.errors.length > 0 ? 1 : 0;
}
