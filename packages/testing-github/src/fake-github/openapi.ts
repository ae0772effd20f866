/**
 * GitHub's REST description (`@octokit/openapi`, `api.github.com.json`, OpenAPI 3.0.3) as a
 * router and a request-body validator for the fake GitHub. OpenAPI 3.0 marks nullable values
 * with `nullable: true`, which Ajv's default (draft-07) dialect understands natively.
 * @module
 */
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const require = createRequire(import.meta.url);
// ajv-formats is CommonJS: its default export arrives wrapped under some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type HttpMethod = (typeof METHODS)[number];

interface Operation {
  operationId: string;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
}
interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Partial<Record<HttpMethod, Operation>>>;
  components: Record<string, unknown>;
}

export interface Route {
  template: string;
  method: HttpMethod;
  operationId: string;
  params: Record<string, string>;
}

interface CompiledPath {
  template: string;
  regex: RegExp;
  names: string[];
  literals: number;
}

let cached: { doc: OpenApiDoc; paths: CompiledPath[]; ajv: Ajv; validators: Map<string, ValidateFunction | null> } | undefined;

function load() {
  if (cached) return cached;
  const doc = require('@octokit/openapi/generated/api.github.com.json') as OpenApiDoc;
  const paths = Object.keys(doc.paths).map((template): CompiledPath => {
    const names: string[] = [];
    const segments = template.split('/').slice(1);
    const source = segments
      .map((seg) => {
        const m = /^\{([^}]+)\}$/.exec(seg);
        if (m) {
          names.push(m[1]!);
          return '([^/]+)';
        }
        return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    return { template, regex: new RegExp(`^/${source}/?$`), names, literals: segments.length - names.length };
  });
  // Prefer the most literal template: `/repos/{o}/{r}/check-runs` before `/repos/{o}/{r}/{x}`.
  paths.sort((a, b) => b.literals - a.literals);
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ components: rewriteRefs(doc.components, '') }, 'rest');
  cached = { doc, paths, ajv, validators: new Map() };
  return cached;
}

export type MatchResult = { kind: 'ok'; route: Route } | { kind: 'unknown-path' } | { kind: 'wrong-method'; allowed: string[] };

/** Match a method and path (no query string) against GitHub's REST paths. */
export function matchRoute(method: string, pathname: string): MatchResult {
  const { doc, paths } = load();
  const lower = method.toLowerCase() as HttpMethod;
  let allowed: string[] | undefined;
  for (const p of paths) {
    const m = p.regex.exec(pathname);
    if (!m) continue;
    const item = doc.paths[p.template]!;
    const op = item[lower];
    if (!op) {
      allowed ??= METHODS.filter((x) => item[x]).map((x) => x.toUpperCase());
      continue;
    }
    const params: Record<string, string> = {};
    p.names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1]!);
    });
    return { kind: 'ok', route: { template: p.template, method: lower, operationId: op.operationId, params } };
  }
  return allowed ? { kind: 'wrong-method', allowed } : { kind: 'unknown-path' };
}

/**
 * Point local `$ref`s at the shared components and express OpenAPI 3.0's `nullable: true`
 * without a `type` (which Ajv's keyword refuses) as `anyOf: [schema, {type: null}]`.
 */
function rewriteRefs(value: unknown, prefix = 'rest'): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, prefix));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${prefix}${v}` : rewriteRefs(v, prefix);
    }
    if (out.nullable === true && out.type === undefined) {
      delete out.nullable;
      return { anyOf: [out, { type: 'null' }] };
    }
    return out;
  }
  return value;
}

export interface BodyProblem {
  message: string;
  errors: Array<{ path: string; message: string }>;
}

/** Validate a JSON request body against the operation's `requestBody` schema. */
export function validateRequestBody(route: Route, body: unknown): BodyProblem | undefined {
  const { doc, ajv, validators } = load();
  const op = doc.paths[route.template]![route.method]!;
  const key = `${route.method} ${route.template}`;
  if (!validators.has(key)) {
    const schema = op.requestBody?.content?.['application/json']?.schema;
    validators.set(key, schema ? ajv.compile(rewriteRefs(schema) as object) : null);
  }
  const validate = validators.get(key);
  if (!validate) return undefined;
  if (body === undefined) {
    return op.requestBody?.required ? { message: 'Requires a JSON request body', errors: [] } : undefined;
  }
  if (validate(body)) return undefined;
  const errors = (validate.errors ?? []).map((e) => ({ path: e.instancePath || '/', message: e.message ?? 'invalid' }));
  return { message: `Invalid request body for ${route.operationId}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors };
}
