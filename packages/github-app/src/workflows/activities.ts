/** Activity proxies shared by the App's workflows. Sandbox-safe (types only from activities). @module */
import { proxyActivities } from '@temporalio/workflow';
import type { FlowopsActivities } from '../activities/flowops-activities';
import type { GitHubActivities } from '../activities/github-activities';
import type { ScheduleActivities } from '../activities/schedule-activities';
import { DEFINITIONS_ACTIVITY, GITHUB_ACTIVITY, RUN_ACTIVITY } from './options';

export const gh = proxyActivities<GitHubActivities>(GITHUB_ACTIVITY);
export const defs =
  proxyActivities<
    Pick<FlowopsActivities, 'environmentRunners' | 'helpWorkflows' | 'runAccess' | 'prepareRun' | 'plan' | 'drift' | 'changedWorkflows' | 'policy'>
  >(DEFINITIONS_ACTIVITY);
export const runs = proxyActivities<Pick<FlowopsActivities, 'executeRun' | 'skipRunStep'>>(RUN_ACTIVITY);
export const schedules = proxyActivities<ScheduleActivities>(GITHUB_ACTIVITY);
