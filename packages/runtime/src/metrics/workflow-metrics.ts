/**
 * Run-level Prometheus series per workflow name and version: runs started and completed (by
 * status), end-to-end duration, step attempts and retries, schedule-to-start (queue) time, and
 * approvals waiting. Fed by the interpreter's `flowopsMetrics` sink (`workflowMetricsSinks`) and
 * an activity interceptor (`workflowMetricsInterceptor`); both go into a worker with
 * `workflowMetricsWorkerOptions`.
 * @module
 */
import { Context } from '@temporalio/activity';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { FlowopsMetricsSinks, RunLabels } from '../workflows/run-metrics';

/** Every run-level series name (the dashboard and alert rules may name only these and the activity ones). */
export const WORKFLOW_METRIC_NAMES = [
  'flowops_runs_started_total',
  'flowops_runs_completed_total',
  'flowops_run_duration_seconds',
  'flowops_step_attempts_total',
  'flowops_step_retries_total',
  'flowops_step_queue_seconds',
  'flowops_approvals_waiting',
  'flowops_approval_oldest_wait_seconds',
] as const;

export interface WorkflowMetrics {
  runsStarted: Counter<'workflow' | 'version'>;
  runsCompleted: Counter<'workflow' | 'version' | 'status'>;
  runDuration: Histogram<'workflow' | 'version' | 'status'>;
  stepAttempts: Counter<'workflow' | 'version' | 'plugin' | 'action'>;
  stepRetries: Counter<'workflow' | 'version' | 'plugin' | 'action'>;
  /** `flowops_step_queue_seconds`: the seed's `orchestration_step_queue_seconds` (schedule-to-start). */
  stepQueue: Histogram<'workflow' | 'version'>;
  /** Labels of the runs this worker has seen, by workflow id (for activity series). */
  runLabels: Map<string, RunLabels>;
  /** Approvals waiting now: `<workflowId>/<step>` → labels and since when. */
  waiting: Map<string, RunLabels & { since: number }>;
}

/** Register the run-level series on `registry`. */
export function createWorkflowMetrics(registry: Registry): WorkflowMetrics {
  const registers = [registry];
  const waiting = new Map<string, RunLabels & { since: number }>();
  const byRun = (labels: string[]) => labels as ('workflow' | 'version')[];
  new Gauge({
    name: 'flowops_approvals_waiting',
    help: 'Approval steps waiting for a decision now (runs this worker has seen wait)',
    labelNames: byRun(['workflow', 'version']),
    registers,
    collect() {
      this.reset();
      for (const w of waiting.values()) this.inc({ workflow: w.workflow, version: w.version });
    },
  });
  new Gauge({
    name: 'flowops_approval_oldest_wait_seconds',
    help: 'How long the oldest approval still waiting has waited, in seconds',
    labelNames: byRun(['workflow', 'version']),
    registers,
    collect() {
      this.reset();
      const now = Date.now();
      const oldest = new Map<string, { labels: RunLabels; since: number }>();
      for (const w of waiting.values()) {
        const key = `${w.workflow}\0${w.version}`;
        const seen = oldest.get(key);
        if (!seen || w.since < seen.since) oldest.set(key, { labels: { workflow: w.workflow, version: w.version }, since: w.since });
      }
      for (const o of oldest.values()) this.set(o.labels, (now - o.since) / 1000);
    },
  });
  return {
    runsStarted: new Counter({ name: 'flowops_runs_started_total', help: 'Runs started', labelNames: ['workflow', 'version'], registers }),
    runsCompleted: new Counter({
      name: 'flowops_runs_completed_total',
      help: 'Runs ended, by status (succeeded, failed, cancelled)',
      labelNames: ['workflow', 'version', 'status'],
      registers,
    }),
    runDuration: new Histogram({
      name: 'flowops_run_duration_seconds',
      help: 'End-to-end run duration (start of the run chain to its end), in seconds',
      labelNames: ['workflow', 'version', 'status'],
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400],
      registers,
    }),
    stepAttempts: new Counter({
      name: 'flowops_step_attempts_total',
      help: 'Action step attempts (every activity execution)',
      labelNames: ['workflow', 'version', 'plugin', 'action'],
      registers,
    }),
    stepRetries: new Counter({
      name: 'flowops_step_retries_total',
      help: 'Action step attempts after the first (retries)',
      labelNames: ['workflow', 'version', 'plugin', 'action'],
      registers,
    }),
    stepQueue: new Histogram({
      name: 'flowops_step_queue_seconds',
      help: 'Schedule-to-start (queue) time of action step attempts, in seconds',
      labelNames: ['workflow', 'version'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    runLabels: new Map(),
    waiting,
  };
}

/** The worker side of the interpreter's `flowopsMetrics` sink. */
export function workflowMetricsSinks(m: WorkflowMetrics): InjectedSinks<FlowopsMetricsSinks> {
  const remember = (id: string, labels: RunLabels) => {
    m.runLabels.delete(id);
    m.runLabels.set(id, labels);
    if (m.runLabels.size > 10_000) m.runLabels.delete(m.runLabels.keys().next().value!);
  };
  return {
    flowopsMetrics: {
      runSeen: { fn: (info, labels) => remember(info.workflowId, labels), callDuringReplay: true },
      runStarted: { fn: (_info, labels) => m.runsStarted.inc(labels) },
      runEnded: {
        fn: (info, labels, status) => {
          m.runsCompleted.inc({ ...labels, status });
          m.runDuration.observe({ ...labels, status }, Math.max(0, Date.now() - info.startTime.getTime()) / 1000);
          m.runLabels.delete(info.workflowId);
        },
      },
      approvalWaiting: {
        fn: (_info, labels, key, waiting) => {
          if (waiting) m.waiting.set(key, { ...labels, since: Date.now() });
          else m.waiting.delete(key);
        },
      },
    },
  };
}

/** `flowops-<name>-<8 hex>-…` → the name (for a run this worker has not seen). */
function nameFromWorkflowId(id: string): string {
  return /^flowops-(.+?)-[0-9a-f]{8}-/.exec(id)?.[1] ?? 'unknown';
}

/** Counts each action attempt (and retries) and observes its queue time, labelled by the run's workflow. */
export function workflowMetricsInterceptor(m: WorkflowMetrics): ActivityInterceptorsFactory {
  return (ctx: Context) => ({
    inbound: {
      async execute(input, next) {
        const info = ctx.info;
        const id = info.workflowExecution?.workflowId ?? '';
        const run = m.runLabels.get(id) ?? { workflow: nameFromWorkflowId(id), version: 'unknown' };
        const [, plugin = info.activityType, action = ''] = /^([^.]+)\.([^@]+)/.exec(info.activityType) ?? [];
        const labels = { ...run, plugin, action };
        m.stepAttempts.inc(labels);
        if (info.attempt > 1) m.stepRetries.inc(labels);
        m.stepQueue.observe(run, Math.max(0, Date.now() - info.currentAttemptScheduledTimestampMs) / 1000);
        return next(input);
      },
    },
  });
}

/** Worker options (`sinks`, `interceptors`) that feed `m`; a worker without metrics still gets the sink (no-op). */
export function workflowMetricsWorkerOptions(m: WorkflowMetrics | undefined) {
  if (!m) {
    const noop = { fn: () => {} };
    return { sinks: { flowopsMetrics: { runSeen: noop, runStarted: noop, runEnded: noop, approvalWaiting: noop } } as InjectedSinks<FlowopsMetricsSinks> };
  }
  return { sinks: workflowMetricsSinks(m), interceptors: { activity: [workflowMetricsInterceptor(m)] } };
}
