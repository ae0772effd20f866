/**
 * A Temporal codec server (https://docs.temporal.io/production-deployment/data-encryption):
 * lets the Temporal UI and CLI show decrypted payloads without giving them the keys.
 *
 * - `POST /encode`, `POST /decode` (also `/<namespace>/encode|decode`): body and response
 *   `{ "payloads": [{ "metadata": { k: base64 }, "data": base64 }] }`.
 * - Bearer-token auth (`Authorization: Bearer <token>`, constant-time compare), 401 otherwise.
 *   Without a token the server only binds to a loopback address.
 * - `Host` check (DNS rebinding): without a token, or with `allowedHosts`, only loopback names
 *   with the server's port and the listed hosts are served; others get 421 (FLOW_NOT_ALLOWED).
 * - CORS for the UI origins (`Authorization`, `Content-Type`, `X-Namespace`), preflight included;
 *   default: the dev server UI under every loopback name (`uiOrigins()`).
 * - `GET /healthz` answers 200 without auth.
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FlowError } from '@flowops/core';
import type { PayloadCodec } from '@temporalio/common';
import { hostAllowed, uiOrigins } from './host-check';
import { JsonPayloads, payloadFromJson, payloadToJson } from './payload-json';

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** 0 picks a free port. Default 8888. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Required bearer token; may be omitted only when `host` is a loopback address. */
  token?: string | undefined;
  /**
   * Origin(s) of the Temporal UI allowed by CORS. Default: the dev server UI
   * (`http://127.0.0.1:8233`, `http://localhost:8233`, `http://[::1]:8233`).
   */
  corsOrigin?: string | string[];
  /**
   * Hosts served besides the loopback names with the server's port (`name` for any port,
   * `name:port` for one), e.g. the name a proxy forwards. Setting it turns the `Host` check on
   * for a server with a token too; without a token it is always on.
   */
  allowedHosts?: string[] | undefined;
  /** Request body limit in bytes. Default 8 MiB. */
  maxBodyBytes?: number;
}

export interface CodecServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const ALLOWED_HEADERS = 'Authorization, Content-Type, X-Namespace';
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

function hostRefused(host: string | undefined, port: number): HttpError {
  const shown = host === undefined ? 'no Host header' : `Host "${host.slice(0, 100)}"`;
  return new HttpError(
    421,
    `${shown} is not served by this codec server (DNS rebinding protection) — To fix: open it as http://127.0.0.1:${port} or ` +
      `http://localhost:${port}, or list the host with --allow-host (allowedHosts) [FLOW_NOT_ALLOWED]`,
    'FLOW_NOT_ALLOWED',
  );
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time token check (hashing first makes lengths equal). */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  const given = match?.[1]?.trim() ?? '';
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpError(413, `request body exceeds ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `request body exceeds ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * Starts the codec server; resolves once it listens.
 * @example
 * const server = await startCodecServer({ codec, port: 8888, token: process.env.FLOWOPS_CODEC_TOKEN });
 * // Temporal UI → Settings → Codec Server: http://localhost:8888, "pass the user access token" off,
 * // or put the token in front via a proxy.
 */
export async function startCodecServer(options: CodecServerOptions): Promise<CodecServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token?.trim() || undefined;
  if (!token && !LOOPBACK.has(host)) {
    throw new FlowError({
      code: 'FLOW_USAGE',
      message: `the codec server would listen on ${host} without a token`,
      hint: 'pass --token (or set FLOWOPS_CODEC_TOKEN), or listen on 127.0.0.1',
    });
  }
  const origins = new Set([options.corsOrigin ?? uiOrigins()].flat());
  const limit = options.maxBodyBytes ?? 8 * 1024 * 1024;
  const checkHost = !token || options.allowedHosts !== undefined;
  let port = 0; // set once listening

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (checkHost && !hostAllowed(req.headers.host, { port, allowedHosts: options.allowedHosts })) throw hostRefused(req.headers.host, port);
    const origin = req.headers.origin;
    if (origin && origins.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
    }
    const path = new URL(req.url ?? '/', 'http://codec.local').pathname;
    if (req.method === 'OPTIONS') {
      if (!origin || !origins.has(origin)) throw new HttpError(403, 'origin not allowed');
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': ALLOWED_HEADERS,
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    if (req.method === 'GET' && path === '/healthz') return send(res, 200, { ok: true });
    const op = /^(?:\/[^/]+)?\/(encode|decode)\/?$/.exec(path)?.[1];
    if (!op) throw new HttpError(404, 'not found: use POST /encode or POST /decode');
    if (req.method !== 'POST') throw new HttpError(405, 'use POST');
    if (token && !tokenMatches(req.headers.authorization, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      throw new HttpError(401, 'missing or invalid bearer token');
    }
    let json: unknown;
    try {
      json = JSON.parse(await readBody(req, limit));
    } catch (err) {
      if (err instanceof HttpError) throw err;
      throw new HttpError(400, 'request body is not JSON');
    }
    const body = JsonPayloads.safeParse(json);
    if (!body.success) throw new HttpError(400, 'expected { "payloads": [{ "metadata": {…}, "data": "<base64>" }] }');
    const input = body.data.payloads.map(payloadFromJson);
    const output = op === 'encode' ? await options.codec.encode(input) : await options.codec.decode(input);
    send(res, 200, { payloads: output.map(payloadToJson) });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      if (err instanceof HttpError) return send(res, err.status, { error: err.message, ...(err.code ? { code: err.code } : {}) });
      if (err instanceof FlowError) return send(res, 400, { error: err.message, code: err.code });
      send(res, 500, { error: 'internal error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8888, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
