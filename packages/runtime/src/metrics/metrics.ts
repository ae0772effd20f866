/**
 * Prometheus metrics for flowops workers (prom-client): plugin action executions and durations,
 * and the run-level series of `workflow-metrics.ts`.
 * @module
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { type WorkflowMetrics, createWorkflowMetrics } from './workflow-metrics';

export type ActivityOutcome = 'success' | 'failure' | 'dry_run';

export interface ActivityLabels {
  plugin: string;
  action: string;
}

export interface FlowopsMetrics {
  registry: Registry;
  /** `flowops_activity_executions_total{plugin,action,outcome}` */
  activityExecutions: Counter<'plugin' | 'action' | 'outcome'>;
  /** `flowops_activity_duration_seconds{plugin,action,outcome}` */
  activityDuration: Histogram<'plugin' | 'action' | 'outcome'>;
  /** Records one finished execution. */
  recordActivity(labels: ActivityLabels, outcome: ActivityOutcome, seconds: number): void;
  /** Runs `fn`, recording its duration and outcome (`failure` when it throws; rethrows). */
  observeActivity<T>(labels: ActivityLabels & { dryRun?: boolean }, fn: () => Promise<T>): Promise<T>;
  /**
   * An `ActionObserver` for `createActivities({ observe })`: takes
   * `{ action: 'http.get@1', outcome, durationMs }` events.
   */
  actionObserver(): (event: { action: string; outcome: 'succeeded' | 'failed' | 'simulated'; durationMs: number }) => void;
  /** Run-level series per workflow name and version (fed through `createFlowopsWorker({ metrics })`). */
  workflows: WorkflowMetrics;
}

const OUTCOME = { succeeded: 'success', failed: 'failure', simulated: 'dry_run' } as const;

/** `http.get@1` → `{ plugin: 'http', action: 'get' }`. */
export function labelsFromUses(uses: string): ActivityLabels {
  const m = /^([^.]+)\.([^@]+)/.exec(uses);
  return { plugin: m?.[1] ?? uses, action: m?.[2] ?? '' };
}

export interface MetricsOptions {
  /** Default: a new registry. */
  registry?: Registry;
  /** Also collect Node process metrics. Default false. */
  defaultMetrics?: boolean;
  /** Labels added to every metric (e.g. `{ task_queue: 'flowops' }`). */
  defaultLabels?: Record<string, string>;
}

/**
 * @example
 * const metrics = createMetrics({ defaultMetrics: true });
 * await metrics.observeActivity({ plugin: 'http', action: 'get' }, () => handler.run(input, ctx));
 */
export function createMetrics(options: MetricsOptions = {}): FlowopsMetrics {
  const registry = options.registry ?? new Registry();
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'flowops_' });
  const labelNames = ['plugin', 'action', 'outcome'] as const;
  const activityExecutions = new Counter({
    name: 'flowops_activity_executions_total',
    help: 'Plugin action executions (activity attempts) by outcome',
    labelNames,
    registers: [registry],
  });
  const activityDuration = new Histogram({
    name: 'flowops_activity_duration_seconds',
    help: 'Duration of plugin action executions in seconds',
    labelNames,
    buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const recordActivity = (labels: ActivityLabels, outcome: ActivityOutcome, seconds: number) => {
    const l = { plugin: labels.plugin, action: labels.action, outcome };
    activityExecutions.inc(l);
    activityDuration.observe(l, seconds);
  };
  return {
    registry,
    activityExecutions,
    activityDuration,
    recordActivity,
    async observeActivity(labels, fn) {
      const start = process.hrtime.bigint();
      const seconds = () => Number(process.hrtime.bigint() - start) / 1e9;
      try {
        const result = await fn();
        recordActivity(labels, labels.dryRun ? 'dry_run' : 'success', seconds());
        return result;
      } catch (err) {
        recordActivity(labels, 'failure', seconds());
        throw err;
      }
    },
    actionObserver: () => (event) => recordActivity(labelsFromUses(event.action), OUTCOME[event.outcome], event.durationMs / 1000),
    workflows: createWorkflowMetrics(registry),
  };
}
