/**
 * `flowops dry-run --changed`: dry-run every changed workflow of the checkout once per fixture
 * (see `readFixtures`) on one environment and collect the outcomes. A workflow that does not
 * compile, a broken fixture or input its schema refuses becomes a `not-run` entry with its code;
 * nothing here throws for those.
 * @module
 */
import { FlowError, type Workflow } from '@flowops/core';
import { type TraceEntry, startRun, waitForResult } from '@flowops/runtime';
import type { EnvValuesSource } from '@flowops/sdk';
import type { Client } from '@temporalio/client';
import { type ChangedSet, findChanged, mapLimit } from '@flowops/gitops';
import { readFixtures } from './fixtures';

export interface FixtureRun {
  workflow: string;
  version: string;
  fixture: string;
  status: 'succeeded' | 'failed' | 'not-run';
  workflowId?: string | undefined;
  runId?: string | undefined;
  url?: string | undefined;
  durationMs?: number | undefined;
  failedStep?: string | undefined;
  /** flowops code of a failure or of why it did not run. */
  code?: string | undefined;
  error?: string | undefined;
  steps: TraceEntry[];
}

export interface ChangedDryRun {
  set: ChangedSet;
  runs: FixtureRun[];
}

export interface DryRunChangedOptions {
  root: string;
  base?: string | undefined;
  client: Client;
  taskQueue: string;
  /** The environment the dry-runs start in: their `env('NAME')` values come from it. */
  environment?: EnvValuesSource | undefined;
  link?: ((workflowId: string) => string | undefined) | undefined;
  typecheck?: boolean | undefined;
  /** Runs in flight at once (default 4). */
  concurrency?: number | undefined;
  triggeredBy?: string | undefined;
  gitSha?: string | undefined;
  /** Called as each run ends (progress output). */
  onRun?: ((run: FixtureRun) => void) | undefined;
}

interface Job {
  workflow: string;
  version: string;
  fixture: string;
  ir?: Workflow;
  input?: Record<string, unknown>;
  notRun?: { code: string; error: string };
}

export async function dryRunChanged(o: DryRunChangedOptions): Promise<ChangedDryRun> {
  const set = await findChanged(o.root, o.base, { typecheck: o.typecheck });
  const childIrs: Record<string, Workflow> = {};
  for (const w of set.head) {
    childIrs[`${w.name}@${w.version}`] = w.ir;
    childIrs[w.name] = w.ir;
  }
  const jobs: Job[] = [];
  for (const c of set.changed) {
    if (c.change === 'removed') continue;
    const base = { workflow: c.name, version: c.version };
    if (!c.head || c.errors.length > 0) {
      const first = c.errors[0];
      jobs.push({ ...base, fixture: '—', notRun: { code: first?.code ?? 'FLOW_LOAD_ERROR', error: `does not compile${first ? `: ${first.message}` : ''}` } });
      continue;
    }
    for (const f of readFixtures(o.root, c.head.file)) {
      if ('issue' in f) jobs.push({ ...base, fixture: f.name, notRun: { code: f.issue.code, error: f.issue.message } });
      else jobs.push({ ...base, fixture: f.name, ir: c.head.ir, input: f.input });
    }
  }
  const runs = await mapLimit(jobs, o.concurrency ?? 4, async (job): Promise<FixtureRun> => {
    const run = await execute(job, o, childIrs);
    o.onRun?.(run);
    return run;
  });
  return { set, runs };
}

async function execute(job: Job, o: DryRunChangedOptions, childIrs: Record<string, Workflow>): Promise<FixtureRun> {
  const head = { workflow: job.workflow, version: job.version, fixture: job.fixture };
  if (job.notRun || !job.ir) return { ...head, status: 'not-run', code: job.notRun?.code, error: job.notRun?.error, steps: [] };
  const t0 = Date.now();
  let started: Awaited<ReturnType<typeof startRun>>;
  try {
    started = await startRun({
      client: o.client,
      ir: job.ir,
      input: job.input ?? {},
      dryRun: true,
      taskQueue: o.taskQueue,
      environment: o.environment,
      childIrs,
      triggeredBy: o.triggeredBy,
      gitSha: o.gitSha,
    });
  } catch (err) {
    if (!(err instanceof FlowError)) throw err;
    const detail = err.issues.map((i) => i.message).join('; ');
    return { ...head, status: 'not-run', code: err.code, error: `fixture ${job.fixture}: ${detail}`, steps: [] };
  }
  const outcome = await waitForResult(o.client, started.workflowId);
  const common = {
    ...head,
    workflowId: started.workflowId,
    runId: started.runId,
    url: o.link?.(started.workflowId),
    durationMs: Date.now() - t0,
    steps: outcome.steps,
  };
  if (outcome.status === 'succeeded') return { ...common, status: 'succeeded' };
  return { ...common, status: 'failed', code: outcome.code, error: outcome.message, failedStep: outcome.failedStep };
}

export function anyFailed(runs: FixtureRun[]): boolean {
  return runs.some((r) => r.status !== 'succeeded');
}
