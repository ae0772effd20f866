/** `flowops runs redrive`: re-run the failed runs of a workflow in bounded batches. @module */
import { parseStatus, redriveRuns, sinceDate } from '@flowops/runtime';
import { formatOf, parse, usageError } from '../../args';
import { renderRedrive } from '../../runtime/render-runs';
import { COMMON_OPTIONS, RUNS_FORMATS, actor, print, withClient } from './common';

export const name = 'redrive';
export const summary = 'Re-run the failed runs of a workflow (the dead-letter view), in bounded batches';
export const usage = `flowops runs redrive --workflow W [--status failed] [--since 1d] [--batch 10] [--limit 100] [--dry-run] [--env local] [--format pretty|json] [--json]

  Each failed run (not already re-run) starts again with its input and definition version, linked
  by retryOf; --batch runs start at once, at most --limit in all. --dry-run lists them and starts
  nothing. Nothing left to redrive is FLOW_REDRIVE_NO_MATCH (exit 1).`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(
    argv,
    {
      ...COMMON_OPTIONS,
      workflow: { type: 'string' },
      status: { type: 'string' },
      since: { type: 'string', default: '1d' },
      batch: { type: 'string' },
      limit: { type: 'string' },
      'dry-run': { type: 'boolean' },
    },
    usage,
  );
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const json = formatOf(values, RUNS_FORMATS, usage) === 'json';
  if (!values.workflow) throw usageError('which workflow? pass --workflow <name>', usage);
  const count = (v: string | undefined, flag: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw usageError(`--${flag} must be a positive whole number`, usage);
    return n;
  };
  const dryRun = values['dry-run'] === true;
  const result = await withClient(values.env, (client, renv) =>
    redriveRuns(client, {
      workflow: values.workflow!,
      status: values.status === undefined ? undefined : parseStatus(values.status),
      since: sinceDate(values.since),
      batchSize: count(values.batch, 'batch'),
      limit: count(values.limit, 'limit'),
      dryRun,
      taskQueue: renv.taskQueue,
      triggeredBy: actor(),
    }),
  );
  print(json, { dryRun, ...result }, () => renderRedrive(result, dryRun));
  return result.errors.length > 0 ? 1 : 0;
}
