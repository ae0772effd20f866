/**
 * Worker side of the `http` plugin: `fetch` with a per-request timeout, JSON in and out.
 *
 * Failures are Temporal `ApplicationFailure`s of type FLOW_PLUGIN_ERROR:
 * - 429 / 503 with `Retry-After` → retryable, `nextRetryDelay` = the server's delay;
 * - 408, 429, 5xx, timeouts and network errors → retryable (the step's retry policy applies);
 * - other unexpected statuses, bad URLs, oversized bodies → non-retryable.
 * `http.request` is a write: in a dry-run its `dryRun` handler answers without any request.
 * Writes (POST/PUT/PATCH/DELETE) carry the step's idempotency key (`Idempotency-Key` by default):
 * the same on every attempt, so a server that deduplicates by it applies a retried write once.
 * Host allow-list (policy as code, enforced at run time): with `allowedHosts` or
 * `FLOWOPS_HTTP_ALLOWED_HOSTS` set, a request (or a redirect) to another host fails with
 * FLOW_HTTP_HOST_NOT_ALLOWED, never retried, and nothing is sent to that host.
 * @module
 */
import { type ActionContext, hostAllowed, implementPlugin, parseHostList } from '@flowops/sdk';
import { ApplicationFailure } from '@temporalio/common';
import { type GetInput, type HttpResponse, type RequestInput, WRITE_METHODS, plugin } from './contract';

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Bodies larger than this would bloat workflow history; store them elsewhere. */
export const MAX_BODY_BYTES = 1_000_000;
/** Longest `Retry-After` honoured (1 hour); longer ones are capped. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

type Input = RequestInput | GetInput;

/** A FLOW_PLUGIN_ERROR failure with the "what happened — To fix: … [CODE]" message. */
export function pluginError(message: string, hint: string, options: { retryable: boolean; nextRetryDelayMs?: number; details?: unknown }) {
  return ApplicationFailure.create({
    type: 'FLOW_PLUGIN_ERROR',
    message: `${message} — To fix: ${hint} [FLOW_PLUGIN_ERROR]`,
    nonRetryable: !options.retryable,
    ...(options.nextRetryDelayMs !== undefined ? { nextRetryDelay: options.nextRetryDelayMs } : {}),
    ...(options.details !== undefined ? { details: [options.details] } : {}),
  });
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent/invalid. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

export function buildUrl(url: string, query: Input['query']): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw pluginError(`"${url}" is not an absolute URL`, 'pass a full URL such as https://api.example.com/path', { retryable: false });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw pluginError(`${parsed.protocol} URLs are not supported`, 'use an http:// or https:// URL', { retryable: false });
  }
  for (const [k, v] of Object.entries(query ?? {})) parsed.searchParams.append(k, String(v));
  return parsed;
}

const isRetryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;

function statusAccepted(status: number, expect: Input['expectStatus']): boolean {
  if (expect === undefined) return status >= 200 && status < 300;
  return Array.isArray(expect) ? expect.includes(status) : status === expect;
}

async function readBody(res: Response, method: string): Promise<unknown> {
  if (method === 'HEAD' || res.status === 204 || res.status === 304) return null;
  const text = await res.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw pluginError(
      `the response body is ${Buffer.byteLength(text)} bytes, over the ${MAX_BODY_BYTES}-byte limit for step outputs`,
      'request a smaller representation (pagination, fields) or store the data outside the workflow',
      { retryable: false },
    );
  }
  if (text === '') return null;
  if (/\bjson\b|\+json/i.test(res.headers.get('content-type') ?? '')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function requestBody(body: unknown, headers: Record<string, string>): string | undefined {
  if (body === undefined || body === null) return undefined;
  const hasType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
  if (typeof body === 'string') return body;
  if (!hasType) headers['content-type'] = 'application/json';
  return JSON.stringify(body);
}

/** Default name of the idempotency header. */
export const DEFAULT_IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** Options of the worker side (`createImplementation`). */
export interface HttpWorkerOptions {
  /** Header that carries the step's idempotency key when a step does not name one (default `Idempotency-Key`). */
  idempotencyHeader?: string | undefined;
  /**
   * Host allow-lists (`api.acme.com`, `*.internal.acme.com`): a host must match every list.
   * Default: `FLOWOPS_HTTP_ALLOWED_HOSTS`, read per request (lists separated by `;`, hosts by `,`);
   * `flowops worker` sets it from the `httpAllowedHosts` rules of flowops.policy.ts. Unset: any host.
   */
  allowedHosts?: string[][] | undefined;
}

/** The allow-lists in force: the option, else `FLOWOPS_HTTP_ALLOWED_HOSTS`; empty when unrestricted. */
export function allowedHostLists(options: Pick<HttpWorkerOptions, 'allowedHosts'> = {}, env: Record<string, string | undefined> = process.env): string[][] {
  if (options.allowedHosts) return options.allowedHosts;
  return (env.FLOWOPS_HTTP_ALLOWED_HOSTS ?? '').split(';').flatMap((part) => {
    const list = parseHostList(part);
    return list ? [list] : [];
  });
}

/** Throws FLOW_HTTP_HOST_NOT_ALLOWED (non-retryable, naming the host) unless every list allows `url`'s host. */
export function checkHost(url: URL, lists: readonly string[][]): void {
  const denied = lists.find((list) => !hostAllowed(url.host, list));
  if (!denied) return;
  throw ApplicationFailure.create({
    type: 'FLOW_HTTP_HOST_NOT_ALLOWED',
    message: `${url.host} is not an allowed host (allowed: ${denied.join(', ')}); the request to ${url.origin}${url.pathname} was not sent — To fix: call an allowed host, or add ${url.hostname} to httpAllowedHosts in flowops.policy.ts (or FLOWOPS_HTTP_ALLOWED_HOSTS) [FLOW_HTTP_HOST_NOT_ALLOWED]`,
    nonRetryable: true,
    details: [{ host: url.host }],
  });
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;

/**
 * Add the idempotency header to `headers` (unless the step turned it off, the method is a read
 * and no key was asked for, or the headers already carry one of that name).
 */
export function addIdempotencyKey(
  headers: Record<string, string>,
  input: Pick<RequestInput, 'method'> & Partial<Pick<RequestInput, 'idempotencyKey' | 'idempotencyHeader'>>,
  key: string | undefined,
  defaultHeader = DEFAULT_IDEMPOTENCY_HEADER,
): void {
  const setting = input.idempotencyKey;
  if (setting === false) return;
  const value = typeof setting === 'string' ? setting : key;
  if (!value) return;
  if (setting === undefined && !WRITE_METHODS.includes(input.method)) return;
  const name = input.idempotencyHeader ?? defaultHeader;
  if (Object.keys(headers).some((h) => h.toLowerCase() === name.toLowerCase())) return;
  headers[name] = value;
}

/** Sends one request; throws ApplicationFailure on anything but an accepted status. */
export async function send(
  input: Input & { body?: unknown },
  ctx: Pick<ActionContext, 'signal'> & Partial<Pick<ActionContext, 'idempotencyKey'>>,
  options: HttpWorkerOptions = {},
): Promise<HttpResponse> {
  const url = buildUrl(input.url, input.query);
  const method = input.method;
  const headers: Record<string, string> = { ...input.headers };
  addIdempotencyKey(headers, input as Partial<RequestInput> & Pick<RequestInput, 'method'>, ctx.idempotencyKey, options.idempotencyHeader);
  const body = requestBody(input.body, headers);
  const timeoutMs = input.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const where = `${method} ${url.origin}${url.pathname}`;
  const lists = allowedHostLists(options);
  let res: Response;
  try {
    checkHost(url, lists);
    res = await fetch(url, { method, headers, body, signal: AbortSignal.any([ctx.signal, timeout]), redirect: lists.length > 0 ? 'manual' : 'follow' });
    // With an allow-list, redirects are followed here so each target's host is checked before it is called.
    let req = { url, method, body };
    for (let hop = 0; lists.length > 0 && REDIRECTS.has(res.status) && res.headers.get('location') && hop < MAX_REDIRECTS; hop++) {
      const next = new URL(res.headers.get('location') as string, req.url);
      const toGet = res.status === 303 || ((res.status === 301 || res.status === 302) && req.method === 'POST');
      req = { url: next, method: toGet ? 'GET' : req.method, body: toGet ? undefined : req.body };
      checkHost(next, lists);
      await res.body?.cancel();
      res = await fetch(next, { method: req.method, headers, body: req.body, signal: AbortSignal.any([ctx.signal, timeout]), redirect: 'manual' });
    }
  } catch (err) {
    if (err instanceof ApplicationFailure) throw err;
    if (ctx.signal.aborted) throw ctx.signal.reason ?? err;
    if (timeout.aborted) {
      throw pluginError(`${where} timed out after ${timeoutMs} ms`, 'raise timeoutMs or check the server', { retryable: true });
    }
    const reason = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
    throw pluginError(`${where} failed: ${reason}`, 'check the URL and that the server is reachable from the worker', { retryable: true });
  }
  const responseHeaders = Object.fromEntries(res.headers.entries());
  const parsed = await readBody(res, method);
  if (statusAccepted(res.status, input.expectStatus)) return { status: res.status, headers: responseHeaders, body: parsed };

  const details = { status: res.status, body: parsed };
  const retryAfter = res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers.get('retry-after')) : undefined;
  const expected = input.expectStatus === undefined ? 'a 2xx status' : `status ${[input.expectStatus].flat().join(' or ')}`;
  if (retryAfter !== undefined) {
    throw pluginError(`${where} answered ${res.status}; the server asks to retry after ${retryAfter} ms`, 'nothing to fix: the step retries then', {
      retryable: true,
      nextRetryDelayMs: retryAfter,
      details: { ...details, retryAfterMs: retryAfter },
    });
  }
  throw pluginError(`${where} answered ${res.status}, expected ${expected}`, 'check the request, or widen expectStatus if this status is fine', {
    retryable: isRetryableStatus(res.status),
    details,
  });
}

/** What a dry-run of `http.request` returns: no request is sent. */
export function simulatedResponse(input: RequestInput): HttpResponse {
  const url = buildUrl(input.url, input.query);
  const status = Array.isArray(input.expectStatus) ? (input.expectStatus[0] ?? 200) : (input.expectStatus ?? 200);
  return {
    status,
    headers: { 'x-flowops-dry-run': 'true' },
    body: { dryRun: true, method: input.method, url: `${url.origin}${url.pathname}` },
  };
}

/**
 * The http plugin implementation with worker options.
 * @example
 * const http = createImplementation({ idempotencyHeader: 'X-Request-Id' });
 */
export function createImplementation(options: HttpWorkerOptions = {}) {
  return implementPlugin(plugin, {
    request: {
      run: (input, ctx) => send(input, ctx, options),
      dryRun: async (input) => simulatedResponse(input),
    },
    get: {
      run: (input, ctx) => send(input, ctx, options),
    },
  });
}

/** The http plugin implementation to register on a worker (header `Idempotency-Key`). */
export const implementation = createImplementation();
export default implementation;
