/** `flowops runs show <id>`: one run's steps, the first failing one marked. @module */
import { showRun } from '@flowops/runtime';
import { formatOf, parse, usageError } from '../../args';
import { runLink } from '../../runtime/connect';
import { renderRunDetail } from '../../runtime/render-runs';
import { COMMON_OPTIONS, RUNS_FORMATS, print, withClient } from './common';

export const name = 'show';
export const summary = "Show a run's steps: status, attempt, duration, redacted input/output/error";
export const usage = `flowops runs show <run-id> [--env local] [--format pretty|json] [--json]

  Exit 0 for a run that succeeded or is running, 1 for one that failed or ended otherwise.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, COMMON_OPTIONS, usage);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const json = formatOf(values, RUNS_FORMATS, usage) === 'json';
  const id = positionals[0];
  if (!id) throw usageError('which run? pass its id (flowops-<name>-…, see `flowops runs list`)', usage);
  return withClient(values.env, async (client, renv) => {
    const detail = await showRun(client, id);
    const link = runLink(renv, id);
    print(json, { ...detail, link }, () => renderRunDetail(detail, link));
    return detail.status === 'succeeded' || detail.status === 'running' ? 0 : 1;
  });
}
