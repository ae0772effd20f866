/** `flowops runs show <id>`: one run's steps, the first failing one marked. @module */
import { showRun } from '@flowops/runtime';
import { runLink } from '../../runtime/connect';
import { renderRunDetail } from '../../runtime/render-runs';
import { print, runIdArgs, withClient } from './common';

export const name = 'show';
export const summary = "Show a run's steps: status, attempt, duration, redacted input/output/error";
export const usage = `flowops runs show <run-id> [--env local] [--format pretty|json] [--json]

  Exit 0 for a run that succeeded or is running, 1 for one that failed or ended otherwise.`;

export async function run(argv: string[]): Promise<number> {
  const a = runIdArgs(argv, usage, 'which run? pass its id (flowops-<name>-…, see `flowops runs list`)');
  if (!a) return 0;
  const { json, id } = a;
  return withClient(a.env, async (client, renv) => {
    const detail = await showRun(client, id);
    const link = runLink(renv, id);
    print(json, { ...detail, link }, () => renderRunDetail(detail, link));
    return detail.status === 'succeeded' || detail.status === 'running' ? 0 : 1;
  });
}
