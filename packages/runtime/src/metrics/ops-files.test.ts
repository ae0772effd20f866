/**
 * The shipped Grafana dashboard (ops/grafana/flowops.json) and Prometheus alert rules
 * (ops/prometheus/alerts.yml) load, have the structure Grafana/Prometheus expect, and name only
 * series the worker's registry exports. (The scrape after real runs is checked in
 * test/integration/metrics-scrape.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { createMetrics } from './metrics';
import { opsExpressions, seriesNames } from './ops-files';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const dashboard = JSON.parse(readFileSync(`${root}ops/grafana/flowops.json`, 'utf8'));
const rules = parse(readFileSync(`${root}ops/prometheus/alerts.yml`, 'utf8'));

/** Series names the registry exports (histograms as their _bucket/_sum/_count series). */
async function exported(): Promise<Set<string>> {
  const metrics = await createMetrics({ defaultMetrics: true }).registry.getMetricsAsJSON();
  return new Set(metrics.flatMap((m) => (String(m.type) === 'histogram' ? [`${m.name}_bucket`, `${m.name}_sum`, `${m.name}_count`] : [m.name])));
}

describe('Grafana dashboard', () => {
  test('has a uid, a title, the workflow variable and panels with Prometheus targets', () => {
    expect(dashboard).toMatchObject({ uid: 'flowops-slis', title: expect.any(String), schemaVersion: expect.any(Number) });
    expect(dashboard.templating.list.map((v: { name: string }) => v.name)).toEqual(['datasource', 'workflow']);
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(6);
    const ids = new Set<number>();
    for (const panel of dashboard.panels) {
      expect(panel).toMatchObject({
        id: expect.any(Number),
        type: expect.any(String),
        title: expect.any(String),
        gridPos: { w: expect.any(Number), h: expect.any(Number) },
      });
      expect(ids.has(panel.id)).toBe(false);
      ids.add(panel.id);
      expect(panel.targets.length).toBeGreaterThan(0);
      for (const t of panel.targets) expect(t.expr).toMatch(/flowops_/);
    }
  });

  test('shows each SLI: success rate, duration, retries, queue time, approvals', () => {
    const exprs = opsExpressions(dashboard, undefined).join('\n');
    for (const series of [
      'flowops_runs_completed_total',
      'flowops_run_duration_seconds_bucket',
      'flowops_step_retries_total',
      'flowops_step_queue_seconds_bucket',
      'flowops_approvals_waiting',
    ]) {
      expect(exprs).toContain(series);
    }
  });
});

describe('Prometheus alert rules', () => {
  const all = rules.groups.flatMap((g: { rules: unknown[] }) => g.rules) as {
    alert: string;
    expr: string;
    for: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  }[];

  test('every rule has a name, an expression, a duration, a severity and a summary', () => {
    expect(rules.groups.length).toBeGreaterThan(0);
    for (const g of rules.groups) expect(g).toMatchObject({ name: expect.any(String), rules: expect.any(Array) });
    for (const r of all) {
      expect(r.alert).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(r.expr.trim().length).toBeGreaterThan(0);
      expect(r.for).toMatch(/^\d+[smh]$/);
      expect(['page', 'ticket']).toContain(r.labels.severity);
      expect(r.annotations.summary).toBeTruthy();
    }
  });

  test('alerts on SLO burn rate, queue p95 >= 5 s and runs stuck in approval', () => {
    const byName = new Map(all.map((r) => [r.alert, r.expr]));
    expect(byName.get('FlowopsSuccessRateBudgetBurnFast')).toMatch(/flowops_runs_completed_total\{status!="succeeded"\}\[1h\][\s\S]*14\.4/);
    expect(byName.get('FlowopsSuccessRateBudgetBurnSlow')).toMatch(/\[6h\][\s\S]*6 \* 0\.01/);
    expect(byName.get('FlowopsStepQueueP95High')).toMatch(/histogram_quantile\(0\.95, .*flowops_step_queue_seconds_bucket.*\)\s*>=\s*5\s*$/);
    expect(byName.get('FlowopsRunStuckInApproval')).toMatch(/flowops_approval_oldest_wait_seconds/);
  });
});

test('every series the dashboard and the alerts name is one the worker exports', async () => {
  const names = seriesNames(opsExpressions(dashboard, rules));
  expect(names.length).toBeGreaterThanOrEqual(8);
  const known = await exported();
  expect(names.filter((n) => !known.has(n))).toEqual([]);
  // the check can fail: a misspelt series is caught
  expect(seriesNames(['rate(flowops_runs_complete_total[5m])']).filter((n) => !known.has(n))).toEqual(['flowops_runs_complete_total']);
});
