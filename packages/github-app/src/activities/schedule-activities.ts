/**
 * The daily drift check per repository: a Temporal Schedule created (idempotently) when the
 * first push to the default branch arrives.
 * @module
 */
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { RepoRef } from '../report/types';
import type { DriftArgs } from '../webhooks/route';

export const DRIFT_CRON = '17 6 * * *';

export function driftScheduleId(repo: RepoRef): string {
  return `flowops-github-drift-${repo.owner}-${repo.repo}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

export function createScheduleActivities(o: { client: Client; taskQueue: string; cron?: string }) {
  return {
    async ensureDriftSchedule(a: { repo: RepoRef; branch?: string }): Promise<{ scheduleId: string; created: boolean }> {
      const scheduleId = driftScheduleId(a.repo);
      const args: DriftArgs = { repo: a.repo, trigger: 'schedule', ...(a.branch ? { branch: a.branch } : {}) };
      try {
        await o.client.schedule.create({
          scheduleId,
          spec: { cronExpressions: [o.cron ?? DRIFT_CRON] },
          action: { type: 'startWorkflow', workflowType: 'flowopsGithubDrift', taskQueue: o.taskQueue, args: [args], workflowId: `${scheduleId}-run` },
          policies: { overlap: ScheduleOverlapPolicy.SKIP },
        });
        return { scheduleId, created: true };
      } catch (err) {
        if (err instanceof ScheduleAlreadyRunning) return { scheduleId, created: false };
        throw err;
      }
    },
  };
}

export type ScheduleActivities = ReturnType<typeof createScheduleActivities>;
