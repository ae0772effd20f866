/**
 * A stateful fake of GitHub's REST API on 127.0.0.1 for offline tests. Every request is
 * routed against GitHub's OpenAPI description (unknown routes: 404 naming the route), its JSON
 * body validated with Ajv against the operation's `requestBody` schema (422), `/app…` routes
 * need a valid App JWT, all others an installation token issued here.
 * @module
 */
import { type KeyObject, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DELIVERY_HANDLERS } from './delivery-handlers';
import { HANDLERS, type HandlerResult } from './handlers';
import { verifyAppJwt } from './jwt';
import { matchRoute, validateRequestBody } from './openapi';
import { FakeState } from './state';

export interface FakeGitHubOptions {
  appId?: string;
  appSlug?: string;
  /** PEM public key of the App; generated (with its private key) when omitted. */
  publicKeyPem?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  operationId: string | undefined;
  status: number;
  body: unknown;
}

export interface FakeGitHub {
  url: string;
  appId: string;
  appSlug: string;
  /** The App's private key (PEM), when the fake generated the key pair. */
  privateKeyPem: string | undefined;
  state: FakeState;
  requests: RecordedRequest[];
  /** Answer the next `count` calls of an operation with this status and headers (fault injection). */
  failNext(operationId: string, status: number, headers?: Record<string, string>, count?: number): void;
  close(): Promise<void>;
}

const JWT_TEMPLATES = /^\/app(\/|$)|^\/repos\/\{owner\}\/\{repo\}\/installation$|^\/orgs\/\{org\}\/installation$/;

function send(res: ServerResponse, result: HandlerResult): void {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', ...result.headers };
  res.writeHead(result.status, headers);
  res.end(result.body === undefined ? '' : JSON.stringify(result.body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const appId = options.appId ?? '4242';
  const appSlug = options.appSlug ?? 'flowops';
  let publicKey: KeyObject;
  let privateKeyPem: string | undefined;
  if (options.publicKeyPem) {
    publicKey = createPublicKey(options.publicKeyPem);
  } else {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    publicKey = pair.publicKey;
    privateKeyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }
  const state = new FakeState();
  const bot = state.user(`${appSlug}[bot]`, 'Bot');
  const requests: RecordedRequest[] = [];
  const faults = new Map<string, Array<{ status: number; headers: Record<string, string> }>>();
  let baseUrl = '';

  async function handle(req: IncomingMessage): Promise<{ result: HandlerResult; operationId?: string; body?: unknown }> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const match = matchRoute(method, url.pathname);
    if (match.kind === 'unknown-path') {
      return { result: { status: 404, body: { message: `Not Found: ${method} ${url.pathname} is not a route of GitHub's REST API (api.github.com.json)` } } };
    }
    if (match.kind === 'wrong-method') {
      return {
        result: { status: 404, body: { message: `Not Found: ${method} is not allowed on ${url.pathname} (GitHub allows ${match.allowed.join(', ')})` } },
      };
    }
    const { route } = match;
    const raw = await readBody(req);
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        return { operationId: route.operationId, result: { status: 400, body: { message: 'Problems parsing JSON' } } };
      }
    }
    const auth = req.headers.authorization ?? '';
    const [scheme, credential] = auth.split(' ');
    let installationId: number | undefined;
    if (JWT_TEMPLATES.test(route.template)) {
      if (scheme?.toLowerCase() !== 'bearer' || !credential) {
        return { operationId: route.operationId, body, result: { status: 401, body: { message: 'A JSON web token could not be decoded (no Bearer token)' } } };
      }
      const check = verifyAppJwt(credential, publicKey, appId);
      if (!check.ok) return { operationId: route.operationId, body, result: { status: 401, body: { message: check.reason } } };
    } else {
      const token = credential ? state.tokens.get(credential) : undefined;
      if (!token || !/^(token|bearer)$/i.test(scheme ?? '')) {
        return { operationId: route.operationId, body, result: { status: 401, body: { message: 'Bad credentials (an installation token is required)' } } };
      }
      if (token.expiresAt < Date.now())
        return { operationId: route.operationId, body, result: { status: 401, body: { message: 'Bad credentials (token expired)' } } };
      installationId = token.installationId;
      if (route.params.owner && route.params.repo) {
        const repo = state.repo(route.params.owner, route.params.repo);
        if (repo && repo.installationId !== installationId) {
          return {
            operationId: route.operationId,
            body,
            result: { status: 404, body: { message: 'Not Found (the installation has no access to this repository)' } },
          };
        }
      }
    }
    const problem = validateRequestBody(route, body);
    if (problem) {
      return { operationId: route.operationId, body, result: { status: 422, body: { message: problem.message, errors: problem.errors } } };
    }
    const queued = faults.get(route.operationId);
    const fault = queued?.shift();
    if (fault)
      return { operationId: route.operationId, body, result: { status: fault.status, headers: fault.headers, body: { message: `injected ${fault.status}` } } };
    const handler = HANDLERS[route.operationId] ?? DELIVERY_HANDLERS[route.operationId];
    if (!handler) {
      return {
        operationId: route.operationId,
        body,
        result: { status: 501, body: { message: `The fake GitHub does not emulate ${route.operationId} (${method} ${route.template})` } },
      };
    }
    const result = handler({
      params: route.params,
      query: url.searchParams,
      body: (body ?? {}) as Record<string, unknown>,
      state,
      baseUrl,
      bot,
      appId,
      appSlug,
      installationId,
    });
    return { operationId: route.operationId, body, result };
  }

  const server = createServer((req, res) => {
    handle(req).then(
      ({ result, operationId, body }) => {
        requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', operationId, status: result.status, body });
        send(res, result);
      },
      (err: unknown) => {
        send(res, { status: 500, body: { message: `fake GitHub error: ${String(err)}` } });
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    appId,
    appSlug,
    privateKeyPem,
    state,
    requests,
    failNext(operationId, status, headers = {}, count = 1) {
      const list = faults.get(operationId) ?? [];
      for (let i = 0; i < count; i++) list.push({ status, headers });
      faults.set(operationId, list);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
