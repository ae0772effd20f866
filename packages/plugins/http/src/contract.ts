/**
 * The `http` plugin contract (authoring side).
 *
 * Effects: `http.get` is `read` (GET/HEAD only) and runs for real in dry-runs; `http.request` is
 * always `write`, whatever its method, so a dry-run never sends a POST/PUT/PATCH/DELETE — it is
 * simulated by the worker's `dryRun` handler. Use `http.get` for reads you want exercised in a
 * dry-run.
 * @module
 */
import { defineAction, definePlugin, type SensitiveField } from '@flowops/sdk';
import { z } from 'zod';

export const HttpMethod = z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
export type HttpMethod = z.infer<typeof HttpMethod>;

/** Header values: strings; use `secret('NAME')` for credentials (resolved on the worker). */
export const HttpHeaders = z.record(z.string(), z.string());
export type HttpHeaders = z.infer<typeof HttpHeaders>;

export const HttpQuery = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
export type HttpQuery = z.infer<typeof HttpQuery>;

const common = {
  /** Absolute URL; may be a template such as `{{ env.API_BASE }}/users/{{ input.id }}`. */
  url: z.string().min(1),
  headers: HttpHeaders.default({}),
  query: HttpQuery.optional(),
  /** Per-request timeout in milliseconds (the step `timeout` bounds one attempt, `totalTimeout` all of them). */
  timeoutMs: z.number().int().positive().max(600_000).optional(),
  /** Status codes that count as success; default: any 2xx. Other codes fail the attempt. */
  expectStatus: z.union([z.number().int().min(100).max(599), z.array(z.number().int().min(100).max(599)).min(1)]).optional(),
};

/** Credential headers: the compiler wants `secret('…')` in them (no literal, env() or input); names match in any letter case. */
export const SENSITIVE_HEADERS: SensitiveField[] = [{ path: 'headers.Authorization' }, { path: 'headers.Proxy-Authorization' }];

/** Methods that get the step's idempotency key by default. */
export const WRITE_METHODS: readonly HttpMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

export const RequestInput = z.object({
  method: HttpMethod,
  ...common,
  /** JSON body (objects and arrays are sent as application/json). */
  body: z.unknown().optional(),
  /**
   * The idempotency key header. Absent or `true`: POST, PUT, PATCH and DELETE carry the step's
   * key (the same on every attempt and after a worker crash; `{{ step.key }}` in templates);
   * `false`: no key; a string: this key instead (e.g. `order-{{ input.orderId }}`).
   * A header of the same name in `headers` wins.
   */
  idempotencyKey: z.union([z.boolean(), z.string().min(1).max(255)]).optional(),
  /** Name of the idempotency header (default `Idempotency-Key`, or the worker's setting). */
  idempotencyHeader: z
    .string()
    .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'must be an HTTP header name')
    .optional(),
});
export type RequestInput = z.infer<typeof RequestInput>;

export const GetInput = z.object({ method: z.enum(['GET', 'HEAD']).default('GET'), ...common });
export type GetInput = z.infer<typeof GetInput>;

export const HttpResponse = z.object({
  status: z.number().int(),
  headers: z.record(z.string(), z.string()),
  /** Parsed JSON when the response is JSON, otherwise the text; null for HEAD / empty bodies. */
  body: z.unknown(),
});
export type HttpResponse = z.infer<typeof HttpResponse>;

/**
 * The http plugin: `http.request` (write) and `http.get` (read).
 * @example
 * ```ts
 * import http from '@flowops/plugin-http';
 * step('health', http.get({ url: tpl`${env('API_BASE')}/health`, expectStatus: 200 }), { retry: { maxAttempts: 5 }, timeout: '30s' });
 * step('deploy', http.request({ method: 'POST', url: tpl`${env('DEPLOY_API')}/deploys`, body: { version: input.version } }));
 * // sends `Idempotency-Key: <step key>`; a retried attempt sends the same key, so the server can deduplicate
 * ```
 */
export const plugin = definePlugin({
  name: 'http',
  version: '1.0.0',
  description: 'HTTP requests with fetch: JSON in, JSON out',
  actions: {
    request: defineAction({
      description: 'Send an HTTP request (any method). Always a write: simulated in dry-runs.',
      effect: 'write',
      input: RequestInput,
      output: HttpResponse,
      sensitive: SENSITIVE_HEADERS,
    }),
    get: defineAction({
      description: 'Send a GET or HEAD request. A read: runs for real in dry-runs.',
      effect: 'read',
      input: GetInput,
      output: HttpResponse,
      sensitive: SENSITIVE_HEADERS,
    }),
  },
});
