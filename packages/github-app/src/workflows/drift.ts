/**
 * Drift: compare the clusters with the default branch after each push to it and daily (a
 * Temporal Schedule). On drift: a failing `flowops drift` check on the commit and one issue,
 * opened or updated (never a second one).
 * @module
 */
import { cell, table } from '../render/markdown';
import type { DriftArgs } from '../webhooks/route';
import { defs, gh, schedules } from './activities';

export const DRIFT_CHECK = 'flowops drift';

export async function flowopsGithubDrift(a: DriftArgs): Promise<{ drifted: number; issue?: number }> {
  if (a.trigger === 'push') await schedules.ensureDriftSchedule({ repo: a.repo });
  const envs = Object.keys(await defs.environmentRunners()).filter((e) => e !== 'local');
  const ref = a.sha ?? a.branch ?? 'main';
  const { rows, errors } = await defs.drift({ repo: a.repo, sha: ref, envs });
  const body = [
    `Drift between \`${cell(ref.slice(0, 12))}\` and the clusters (${envs.join(', ') || 'none'}):`,
    '',
    rows.length === 0
      ? 'No drift.'
      : table(
          ['environment', 'workflow', 'git', 'cluster', 'detail'],
          rows.map((r) => [r.env, r.workflow, r.git ?? '—', r.cluster ?? '—', r.detail ?? '']),
        ),
    ...(errors.length ? ['', `Could not read: ${errors.map(cell).join('; ')}`] : []),
    '',
    'Run `flowops plan --env <env>` and `flowops publish --env <env>` to reconcile.',
  ].join('\n');
  if (a.sha) {
    await gh.publishCheckRun({
      repo: a.repo,
      headSha: a.sha,
      name: DRIFT_CHECK,
      status: 'completed',
      conclusion: rows.length > 0 ? 'failure' : 'success',
      title: rows.length > 0 ? `${rows.length} workflow(s) drifted` : 'No drift',
      summary: body,
    });
  }
  if (rows.length === 0) return { drifted: 0 };
  const issue = await gh.upsertDriftIssue({
    repo: a.repo,
    title: `flowops: ${rows.length} workflow(s) drifted from ${a.branch ?? 'the default branch'}`,
    body,
  });
  return { drifted: rows.length, issue: issue.number };
}
