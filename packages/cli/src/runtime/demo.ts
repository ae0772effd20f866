/**
 * The `flowops dev` demo: a tiny local "platform API" (no external network) and a workflow that
 * logs, reads service health over HTTP, summarises it with JSONata, records a deploy (a write)
 * and logs the result.
 * @module
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Workflow } from '@flowops/core';

export interface DemoApi {
  url: string;
  deploys: unknown[];
  close(): Promise<void>;
}

export async function startDemoApi(): Promise<DemoApi> {
  const deploys: unknown[] = [];
  const server: Server = createServer((req, res) => {
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method === 'GET' && req.url === '/services') {
      json(200, {
        services: [
          { name: 'api', healthy: true },
          { name: 'web', healthy: true },
          { name: 'worker', healthy: false },
        ],
      });
      return;
    }
    if (req.method === 'POST' && req.url === '/deploys') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const deploy = { id: `d-${deploys.length + 1}`, ...(body ? (JSON.parse(body) as object) : {}) };
        deploys.push(deploy);
        json(201, deploy);
      });
      return;
    }
    json(404, { error: 'not found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    deploys,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export const demoWorkflow: Workflow = Workflow.parse({
  apiVersion: 'flowops/v1',
  kind: 'Workflow',
  name: 'dev-demo',
  version: '1.0.0',
  owner: '@flowops/dev',
  description: 'Demo run by `flowops dev`: log, HTTP read, JSONata transform, HTTP write, log.',
  input: {
    type: 'object',
    properties: { service: { type: 'string', default: 'api' } },
  },
  defaults: { retry: { maxAttempts: 3, backoff: 'exponential', initialInterval: '500ms' }, timeout: '30s' },
  steps: [
    { id: 'start', type: 'action', uses: 'log.write@1', effect: 'read', with: { message: 'demo starting for {{ input.service }}' } },
    { id: 'health', type: 'action', uses: 'http.get@1', effect: 'read', with: { url: '{{ env.DEMO_API }}/services' } },
    {
      id: 'summary',
      type: 'action',
      uses: 'transform.jsonata@1',
      effect: 'read',
      with: { expression: '{ "healthy": $count(services[healthy]), "total": $count(services) }', data: '{{ steps.health.output.body }}' },
    },
    {
      id: 'deploy',
      type: 'action',
      uses: 'http.request@1',
      effect: 'write',
      with: {
        method: 'POST',
        url: '{{ env.DEMO_API }}/deploys',
        body: { service: '{{ input.service }}', healthy: '{{ steps.summary.output.result.healthy }}' },
      },
    },
    { id: 'done', type: 'action', uses: 'log.write@1', effect: 'read', with: { message: 'deployed {{ input.service }} as {{ steps.deploy.output.body.id }}' } },
  ],
  output: { deploy: '{{ steps.deploy.output.body.id }}', healthy: '{{ steps.summary.output.result }}' },
});
