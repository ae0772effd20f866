/**
 * The App's HTTP front: `POST /webhooks` and `GET /healthz`. A webhook is read up to a size
 * cap (413 beyond it), its `X-Hub-Signature-256` checked in constant time (401 and nothing else
 * when wrong), deduplicated by `X-GitHub-Delivery`, routed, and answered as soon as Temporal
 * has accepted the workflow start (202) — the work itself runs in Temporal.
 * @module
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeliveryMemory } from '../webhooks/dedupe';
import { type Work, routeWebhook } from '../webhooks/route';
import { verifySignature } from '../webhooks/signature';

export interface StartResult {
  /** `started`: Temporal accepted the start; `accepted`: journaled, the pump starts it. */
  status: 'started' | 'accepted' | 'duplicate';
  workflowId: string;
}
export type WorkStarter = (work: Extract<Work, { kind: 'start' }>, meta?: { delivery: string; event: string }) => Promise<StartResult>;

export interface WebhookServerOptions {
  secret: string;
  maxBodyBytes: number;
  start: WorkStarter;
  botLogin?: () => Promise<string | undefined>;
  log?: (event: Record<string, unknown>) => void;
  /** Extra fields for `GET /healthz` (e.g. the ack mode and the journal's pending count). */
  health?: () => Record<string, unknown>;
}

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

class TooLarge extends Error {}

function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > max) {
      reject(new TooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        reject(new TooLarge());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export function createWebhookHandler(o: WebhookServerOptions) {
  const memory = new DeliveryMemory();
  const log = o.log ?? (() => {});
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') return reply(res, 200, { ok: true, ...o.health?.() });
    if (path !== '/webhooks') return reply(res, 404, { error: 'not found' });
    if (req.method !== 'POST') return reply(res, 405, { error: 'use POST' });
    let body: Buffer;
    try {
      body = await readBody(req, o.maxBodyBytes);
    } catch (err) {
      if (err instanceof TooLarge) {
        res.setHeader('connection', 'close');
        return reply(res, 413, { error: `payload larger than ${o.maxBodyBytes} bytes` });
      }
      return reply(res, 400, { error: 'could not read the body' });
    }
    const signature = req.headers['x-hub-signature-256'];
    if (!verifySignature(o.secret, body, typeof signature === 'string' ? signature : undefined)) {
      log({ msg: 'webhook rejected: bad signature', delivery: req.headers['x-github-delivery'] });
      return reply(res, 401, { error: 'invalid signature' });
    }
    const event = req.headers['x-github-event'];
    const delivery = req.headers['x-github-delivery'];
    if (typeof event !== 'string' || typeof delivery !== 'string' || !/^[A-Za-z0-9-]{1,100}$/.test(delivery)) {
      return reply(res, 400, { error: 'missing X-GitHub-Event or X-GitHub-Delivery' });
    }
    if (!memory.remember(delivery)) return reply(res, 200, { duplicate: true, delivery });
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return reply(res, 400, { error: 'body is not JSON' });
    }
    let botLogin: string | undefined;
    try {
      botLogin = await o.botLogin?.();
    } catch {
      botLogin = undefined; // bots are still recognised by their type and [bot] suffix
    }
    const work = routeWebhook(event, delivery, payload, { botLogin });
    if (work.kind === 'ignore') {
      log({ msg: 'webhook ignored', event, delivery, reason: work.reason });
      return reply(res, 200, { ignored: work.reason, delivery });
    }
    try {
      const started = await o.start(work, { delivery, event });
      log({ msg: `webhook ${started.status}`, event, delivery, workflowId: started.workflowId });
      return reply(res, started.status === 'duplicate' ? 200 : 202, { [started.status]: true, workflowId: started.workflowId, delivery });
    } catch (err) {
      memory.forget(delivery); // let GitHub's redelivery try again
      log({ msg: 'could not start workflow', event, delivery, error: err instanceof Error ? err.message : String(err) });
      return reply(res, 503, { error: 'could not hand the delivery over (Temporal or the intake journal); redeliver later' });
    }
  };
}

export async function startWebhookServer(o: WebhookServerOptions & { port: number; host?: string }): Promise<RunningServer> {
  const handler = createWebhookHandler(o);
  const server = createServer((req, res) => {
    handler(req, res).catch(() => reply(res, 500, { error: 'internal error' }));
  });
  server.keepAliveTimeout = 5000;
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
