/**
 * The webhook gateway of one environment (`flowops gateway`): `POST /hooks/<workflow>` starts the
 * active published version with the JSON body as input, `GET /hooks/<workflow>/runs/<id>` tells
 * a run's status, `GET /healthz`. It holds no state but rate buckets: keys live in the cluster
 * (the keys system workflow), runs in Temporal; any number of replicas.
 * @module
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ID_PATTERN } from '@flowops/core';
import { DEFAULT_RATE_LIMIT, TokenBuckets } from './rate-limit';
import { refuse, reply } from './respond';
import { runStatus } from './run-status';
import { type HookState, startHook } from './start-hook';
import type { GatewayOptions } from './types';

export interface RunningGateway {
  server: Server;
  url: string;
  close(): Promise<void>;
}

const decode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return '';
  }
};

const HOOK = /^\/hooks\/([^/]+)$/;
const STATUS = /^\/hooks\/([^/]+)\/runs\/([^/]+)$/;

/** The request handler (exported for embedding in another server). */
export function createGatewayHandler(o: GatewayOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const buckets = new TokenBuckets(o.rateLimit ?? DEFAULT_RATE_LIMIT);
  const state: HookState = { take: (prefix) => buckets.take(prefix), lastTouch: new Map() };
  const usage = (res: ServerResponse, status: number, message: string) =>
    refuse(res, status, [{ code: 'FLOW_USAGE', message, hint: 'POST /hooks/<workflow> with a JSON body, or GET the statusUrl it answered with' }]);
  return async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/healthz' && req.method === 'GET') return reply(res, 200, { ok: true });
    const hook = HOOK.exec(path);
    const status = STATUS.exec(path);
    const workflow = decode((hook ?? status)?.[1] ?? '');
    if (!workflow || !ID_PATTERN.test(workflow)) return usage(res, 404, `no such endpoint: ${req.method} ${path.slice(0, 100)}`);
    if (hook) {
      if (req.method !== 'POST') return usage(res, 405, `use POST on /hooks/${workflow}`);
      return startHook(o, state, req, res, workflow);
    }
    if (req.method !== 'GET') return usage(res, 405, 'use GET on a status URL');
    return runStatus(o, req, res, workflow, decode(status?.[2] ?? ''));
  };
}

/** Serve the gateway on `host:port` (port 0: any free port). */
export async function startGateway(o: GatewayOptions & { port: number; host?: string | undefined }): Promise<RunningGateway> {
  const handler = createGatewayHandler(o);
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 30_000 }, (req, res) => {
    handler(req, res).catch(() => refuse(res, 500, [{ code: 'FLOW_INTERNAL', message: 'internal error' }]));
  });
  // A refused body is not read any further: its connection ends once the answer is written.
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    res.once('finish', () => {
      if (!req.complete) req.socket.destroySoon();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '127.0.0.1', resolve);
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    server,
    url: `http://${host}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
