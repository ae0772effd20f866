/**
 * `flowops stats <workflow> [--since 7d] [--env local]`: success rate, p50/p95 duration and retry
 * rate of a workflow's runs, from Temporal visibility (a bounded number of pages).
 * @module
 */
import { runStats, sinceDate } from '@flowops/runtime';
import { FORMAT_OPTIONS, formatOf, parse, usageError } from '../args';
import { renderStats } from '../runtime/render-runs';
import { withClient } from './runs/common';

export const name = 'stats';
export const summary = "A workflow's success rate, p50/p95 duration and retry rate (from visibility)";
/** `--format` values (the first is the default; `--json` is `--format json`). */
export const formats = ['pretty', 'json'] as const;
export const usage = `flowops stats <workflow> [--since 7d] [--pages 10] [--env local] [--format pretty|json] [--json]

  Reads at most --pages pages of 100 runs started since --since (dry runs left out). Success rate
  is succeeded / closed runs; durations are of closed runs; retry rate is the share of runs that
  re-run an earlier one (\`flowops runs retry|redrive\`).`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      env: { type: 'string', default: 'local' },
      since: { type: 'string', default: '7d' },
      pages: { type: 'string' },
      ...FORMAT_OPTIONS,
      help: { type: 'boolean', short: 'h' },
    },
    usage,
  );
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const json = formatOf(values, formats, usage) === 'json';
  const workflow = positionals[0];
  if (!workflow) throw usageError('which workflow? pass its name', usage);
  const pages = values.pages === undefined ? undefined : Number(values.pages);
  if (pages !== undefined && !(Number.isInteger(pages) && pages > 0)) throw usageError('--pages must be a positive whole number', usage);
  const since = sinceDate(values.since);
  const stats = await withClient(values.env, (client) => runStats(client, { workflow, since, pages }));
  process.stdout.write(json ? `${JSON.stringify(stats, null, 2)}\n` : renderStats(stats));
  return 0;
}

export default { name, summary, usage, formats, run };
