/**
 * A tiny HTTP server exposing `GET /metrics` (Prometheus text format) and `GET /healthz`.
 * @module
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * @example
 * const server = await startMetricsServer({ registry: metrics.registry, port: 9464 });
 */
export async function startMetricsServer(options: { registry: Registry; port?: number; host?: string }): Promise<MetricsServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://metrics.local').pathname;
    if (req.method === 'GET' && path === '/metrics') {
      options.registry.metrics().then(
        (body) => {
          res.writeHead(200, { 'Content-Type': options.registry.contentType });
          res.end(body);
        },
        () => {
          res.writeHead(500);
          res.end('metrics collection failed');
        },
      );
      return;
    }
    if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    res.writeHead(404);
    res.end('not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9464, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
