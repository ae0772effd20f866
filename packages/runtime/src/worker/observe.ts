/**
 * Feed action executions into the worker's Prometheus metrics (`flowops_activity_*`).
 * @module
 */
import type { ActionObserver } from '../activities';
import type { FlowopsMetrics } from '../metrics';

export function metricsObserver(metrics: FlowopsMetrics): ActionObserver {
  return ({ action, outcome, durationMs }) => {
    const [plugin = action, rest = ''] = action.split('.');
    metrics.recordActivity(
      { plugin, action: rest.replace(/@\d+$/, '') },
      outcome === 'succeeded' ? 'success' : outcome === 'simulated' ? 'dry_run' : 'failure',
      durationMs / 1000,
    );
  };
}
