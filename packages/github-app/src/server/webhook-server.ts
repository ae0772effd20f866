/**
 * The App's HTTP front: `POST /webhooks` and `GET /healthz`, stateless. A webhook's body is read
 * under a size cap with its `X-Hub-Signature-256` computed as it streams (401 for a bad or
 * missing signature, 413 at the first byte over the cap), parsed and routed (400 with a code
 * when it is not the JSON GitHub sends), deduplicated by `X-GitHub-Delivery`, and answered 202
 * only once Temporal accepted the workflow start — 503 when it cannot, so GitHub records a
 * failed delivery that the redelivery sweep asks for again. The server caps connections and
 * times out slow headers, bodies and idle keep-alive connections.
 * @module
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FlowCode } from '@flowops/core';
import { DEFAULT_MAX_CONNECTIONS } from '../config';
import { DeliveryMemory } from '../webhooks/dedupe';
import { type Work, routeWebhook } from '../webhooks/route';
import { readSignedBody } from './signed-body';

export interface StartResult {
  /** `started`: Temporal accepted the start; `duplicate`: that workflow id was started before. */
  status: 'started' | 'duplicate';
  workflowId: string;
}
/** Starts a Work; with a `deadline` (epoch ms) the call and its retries end by then. */
export type WorkStarter = (work: Extract<Work, { kind: 'start' }>, o?: { deadline?: number }) => Promise<StartResult>;

/** What `GET /healthz` reports: 200 when `ok`, else 503 with the reason. */
export interface Health {
  ok: boolean;
  reason?: string | undefined;
  [field: string]: unknown;
}

/** Limits against slow or many connections (defaults: 256 connections, 10 s / 15 s / 5 s). */
export interface ServerLimits {
  maxConnections?: number;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
}
const DEFAULT_SERVER_LIMITS: Required<ServerLimits> = {
  maxConnections: DEFAULT_MAX_CONNECTIONS,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
};

export interface WebhookServerOptions {
  secret: string;
  maxBodyBytes: number;
  start: WorkStarter;
  botLogin?: () => Promise<string | undefined>;
  log?: (event: Record<string, unknown>) => void;
  health?: () => Health;
  /** A start Temporal has not accepted within this long is answered 503 (default 5 s; GitHub waits 10 s). */
  startTimeoutMs?: number;
}

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

function reply(res: ServerResponse, status: number, body: Record<string, unknown>, close = false): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', ...(close ? { connection: 'close' } : {}) });
  res.end(JSON.stringify(body));
}

/** An error answer: "what happened — To fix: …" with its code. */
function refuse(res: ServerResponse, status: number, code: FlowCode, error: string, close = false): void {
  reply(res, status, { error, code }, close);
}

/** True when routing produced a Work whose arguments lack a value the payload should have had. */
function incomplete(work: Extract<Work, { kind: 'start' }>): boolean {
  const args = work.args as Record<string, unknown>;
  return Object.values(args).some((v) => v === undefined || v === null || (typeof v === 'number' && !Number.isFinite(v)));
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Temporal did not accept the start within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** The request handler of `POST /webhooks` and `GET /healthz`. */
function createWebhookHandler(o: WebhookServerOptions) {
  const memory = new DeliveryMemory();
  const log = o.log ?? (() => {});
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      const health = o.health?.() ?? { ok: true };
      return reply(res, health.ok ? 200 : 503, health.ok ? health : { ...health, code: 'FLOW_APP_UNHEALTHY' });
    }
    if (path !== '/webhooks') return reply(res, 404, { error: 'not found' });
    if (req.method !== 'POST') return reply(res, 405, { error: 'use POST' });
    const read = await readSignedBody(req, { secret: o.secret, maxBytes: o.maxBodyBytes });
    if (read.kind === 'too-large') {
      return refuse(res, 413, 'FLOW_WEBHOOK_TOO_LARGE', `payload larger than ${o.maxBodyBytes} bytes — To fix: raise FLOWOPS_WEBHOOK_MAX_BYTES`, true);
    }
    if (read.kind === 'bad-signature') {
      log({ msg: 'webhook rejected: bad signature', delivery: req.headers['x-github-delivery'] });
      return refuse(res, 401, 'FLOW_WEBHOOK_SIGNATURE', 'invalid signature — To fix: set FLOWOPS_WEBHOOK_SECRET to the App’s webhook secret', !req.complete);
    }
    if (read.kind === 'aborted') return;
    const event = req.headers['x-github-event'];
    const delivery = req.headers['x-github-delivery'];
    if (typeof event !== 'string' || typeof delivery !== 'string' || !/^[A-Za-z0-9-]{1,100}$/.test(delivery)) {
      return refuse(res, 400, 'FLOW_WEBHOOK_MALFORMED', 'missing X-GitHub-Event or X-GitHub-Delivery');
    }
    let payload: unknown;
    try {
      payload = JSON.parse(read.body.toString('utf8'));
    } catch {
      payload = undefined;
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      log({ msg: 'webhook rejected: body is not a JSON object', event, delivery });
      return refuse(res, 400, 'FLOW_WEBHOOK_MALFORMED', 'the body is not a JSON object');
    }
    let botLogin: string | undefined;
    try {
      botLogin = await o.botLogin?.();
    } catch {
      botLogin = undefined; // bots are still recognised by their type and [bot] suffix
    }
    let work: Work | undefined;
    try {
      work = routeWebhook(event, delivery, payload as Record<string, unknown>, { botLogin });
    } catch {
      work = undefined; // a field the event always carries is missing or of another type
    }
    if (!work || (work.kind === 'start' && incomplete(work))) {
      log({ msg: 'webhook rejected: payload lacks fields its event carries', event, delivery });
      return refuse(res, 400, 'FLOW_WEBHOOK_MALFORMED', `the ${event} payload lacks fields GitHub sends with it`);
    }
    // Remembered only now that it parsed and routed: a malformed copy never hides a valid redelivery.
    if (!memory.remember(delivery)) return reply(res, 200, { duplicate: true, delivery });
    if (work.kind === 'ignore') {
      log({ msg: 'webhook ignored', event, delivery, reason: work.reason });
      return reply(res, 200, { ignored: work.reason, delivery });
    }
    try {
      const ms = o.startTimeoutMs ?? 5000;
      const started = await withTimeout(o.start(work, { deadline: Date.now() + ms }), ms + 250);
      log({ msg: `webhook ${started.status}`, event, delivery, workflowId: started.workflowId });
      return reply(res, started.status === 'duplicate' ? 200 : 202, { [started.status]: true, workflowId: started.workflowId, delivery });
    } catch (err) {
      memory.forget(delivery); // GitHub's redelivery (the sweep asks for it) must get through
      log({
        msg: 'webhook not accepted: Temporal did not take the start',
        event,
        delivery,
        workflowId: work.workflowId,
        error: err instanceof Error ? err.message : String(err),
      });
      return refuse(
        res,
        503,
        'FLOW_TEMPORAL_UNREACHABLE',
        'Temporal did not accept the start — To fix: nothing; the App asks GitHub to redeliver failed deliveries',
      );
    }
  };
}

/** Serves the handler on `host:port` with the connection cap and timeouts of `limits`. */
export async function startWebhookServer(o: WebhookServerOptions & { port: number; host?: string; limits?: ServerLimits }): Promise<RunningServer> {
  const limits = { ...DEFAULT_SERVER_LIMITS, ...o.limits };
  const handler = createWebhookHandler(o);
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Timeouts are checked at this interval (Node's default of 30 s would let a slow sender stay 45 s).
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
    (req, res) => {
      handler(req, res).catch(() => refuse(res, 500, 'FLOW_INTERNAL', 'internal error'));
    },
  );
  server.maxConnections = limits.maxConnections;
  // A refused body is not read any further: its connection ends once the answer is written.
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    res.once('finish', () => {
      if (!req.complete) req.socket.destroySoon();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '0.0.0.0', resolve);
  });
  const addr = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
