/**
 * Prometheus metrics and the `/metrics` endpoint.
 * @module
 */
export { type ActivityLabels, type ActivityOutcome, type FlowopsMetrics, type MetricsOptions, createMetrics, labelsFromUses } from './metrics';
export { type MetricsServer, startMetricsServer } from './metrics-server';
export {
  WORKFLOW_METRIC_NAMES,
  type WorkflowMetrics,
  createWorkflowMetrics,
  workflowMetricsInterceptor,
  workflowMetricsSinks,
  workflowMetricsWorkerOptions,
} from './workflow-metrics';
