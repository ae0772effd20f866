import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics';
import { startMetricsServer } from './metrics-server';

describe('metrics', () => {
  it('counts executions by outcome and serves them on /metrics', async () => {
    const m = createMetrics();
    await m.observeActivity({ plugin: 'http', action: 'get' }, async () => 1);
    await m.observeActivity({ plugin: 'http', action: 'post', dryRun: true }, async () => 1);
    await expect(m.observeActivity({ plugin: 'http', action: 'get' }, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    m.actionObserver()({ action: 'slack.postMessage@1', outcome: 'simulated', durationMs: 12 });
    const server = await startMetricsServer({ registry: m.registry, port: 0 });
    try {
      const res = await fetch(`${server.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const body = await res.text();
      expect(body).toContain('flowops_activity_executions_total{plugin="http",action="get",outcome="success"} 1');
      expect(body).toContain('flowops_activity_executions_total{plugin="http",action="get",outcome="failure"} 1');
      expect(body).toContain('flowops_activity_executions_total{plugin="http",action="post",outcome="dry_run"} 1');
      expect(body).toMatch(/flowops_activity_duration_seconds_count\{plugin="http",action="get",outcome="success"\} 1/);
      expect(body).toContain('flowops_activity_executions_total{plugin="slack",action="postMessage",outcome="dry_run"} 1');
      expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
