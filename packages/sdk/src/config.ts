/**
 * `flowops.config.ts`: the environments flowops talks to. Pure schema and resolution; the CLI
 * loads the file. Values that differ per machine or are secret come from environment
 * variables through `fromEnv('NAME')`, never from the file itself.
 * @module
 */
import { z } from 'zod';
import { type FlowIssue, type Result, fail, nearest, ok } from '@flowops/core';

/** A value read from an environment variable when the environment is resolved. */
export const FromEnv = z.object({ fromEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/) }).strict();
export type FromEnv = z.infer<typeof FromEnv>;
const StringOrEnv = z.union([z.string().min(1), FromEnv]);

/**
 * Read a setting from an environment variable when the environment is used.
 * @example
 * defineConfig({ environments: { staging: { address: fromEnv('TEMPORAL_STAGING_ADDRESS') } } })
 */
export function fromEnv(name: string): FromEnv {
  return { fromEnv: name };
}

export const EnvironmentConfig = z
  .object({
    /** `host:port` of the Temporal frontend; omit for `local` (the embedded dev server). */
    address: StringOrEnv.optional(),
    namespace: z.string().min(1).default('default'),
    taskQueue: z.string().min(1).default('flowops'),
    /** Worker deployment name of this environment's workers (default `flowops-<taskQueue>`). */
    deploymentName: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .optional(),
    /** Temporal Cloud API key (sent as a bearer token; implies TLS). */
    apiKey: FromEnv.optional(),
    /** mTLS client certificate and key (PEM), or `true` for server-authenticated TLS. */
    tls: z.union([z.literal(true), z.object({ clientCert: FromEnv, clientKey: FromEnv, serverName: z.string().optional() }).strict()]).optional(),
    /** `FLOWOPS_CODEC_KEYS`-formatted keys (`id:base64,…`; the first encrypts). */
    codecKeys: FromEnv.optional(),
    /** Temporal UI base URL used for run links. */
    uiUrl: z.string().url().optional(),
    /** GitHub logins and `org/team` slugs allowed to run here; empty: anyone with write access (none for a protected environment). */
    runners: z.array(z.string()).default([]),
    /**
     * A protected environment runs only published definitions (what the default branch
     * published), never a pull request's code, and only for its `runners`. Default: `true` for an
     * environment named `production`, `false` otherwise.
     */
    protected: z.boolean().optional(),
    /**
     * Values of the `env('NAME')` references of workflows run here (not secrets: they travel in
     * the run's input): a string, or `fromEnv('VAR')` read when the environment is resolved.
     */
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), StringOrEnv).default({}),
    /**
     * How long Temporal keeps closed runs of this environment's namespace (`30d`, `72h`; at least
     * 1 day). Shown by `flowops runs retention`, applied with `flowops runs retention --apply`.
     */
    retention: z
      .string()
      .regex(/^\d+\s*(h|d)$/, 'a duration in days or hours, e.g. "30d" or "72h"')
      .optional(),
  })
  .strict();
export type EnvironmentConfig = z.infer<typeof EnvironmentConfig>;

/** The environment name that is protected unless its config says `protected: false`. */
export const PRODUCTION_ENVIRONMENT = 'production';

/**
 * Whether an environment is protected: its `protected` flag, else whether it is named `production`
 * (kept for configs written before the flag).
 * @example
 * isProtectedEnvironment('production-eu', { protected: true }) // true
 * isProtectedEnvironment('production', {}) // true
 */
export function isProtectedEnvironment(name: string, env: Pick<EnvironmentConfig, 'protected'> | undefined): boolean {
  return env?.protected ?? name === PRODUCTION_ENVIRONMENT;
}

export const FlowopsConfig = z
  .object({
    /** Extra plugin packages beyond the installed `@flowops/plugin-*`. */
    plugins: z.array(z.string()).default([]),
    /** Where workflows live, relative to the repository root. */
    workflowsDir: z.string().default('workflows'),
    environments: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), EnvironmentConfig),
  })
  .strict();
export type FlowopsConfig = z.infer<typeof FlowopsConfig>;
export type FlowopsConfigInput = z.input<typeof FlowopsConfig>;

/**
 * Declare flowops environments. The default export of `flowops.config.ts`.
 * @example
 * export default defineConfig({
 *   environments: {
 *     local: {},
 *     staging: { address: fromEnv('TEMPORAL_ADDRESS'), namespace: 'staging', apiKey: fromEnv('TEMPORAL_API_KEY') },
 *   },
 * });
 */
export function defineConfig(config: FlowopsConfigInput): FlowopsConfigInput {
  return config;
}

/** The built-in configuration used when a repository has no `flowops.config.ts`. */
export const DEFAULT_CONFIG: FlowopsConfigInput = { environments: { local: {} } };

/** Validate a loaded config object. */
export function parseConfig(value: unknown, file = 'flowops.config.ts'): Result<FlowopsConfig> {
  const parsed = FlowopsConfig.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  return fail(
    ...parsed.error.issues.flatMap((issue): FlowIssue[] => {
      const where = issue.path.join('.') || '(root)';
      if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => unknownKeyIssue(file, issue.path.map(String), key));
      // `tls: true | { clientCert, … }`: a misspelt key of the object form is what was meant
      const misspelt = issue.code === 'invalid_union' ? issue.errors.flat().filter((e) => e.code === 'unrecognized_keys') : [];
      if (misspelt.length > 0) return misspelt.flatMap((e) => e.keys.map((key) => unknownKeyIssue(file, [...issue.path, ...e.path].map(String), key)));
      return [
        {
          code: 'FLOW_CONFIG_INVALID',
          message: `${file}: ${where}: ${issue.message}`,
          hint: 'fix the value in flowops.config.ts (see the README section "Environments")',
          path: issue.path.join('.'),
        },
      ];
    }),
  );
}

/** The keys an object of the config accepts, by where it sits (the top, an environment, its tls). */
function keysAt(path: readonly string[]): string[] | undefined {
  if (path.length === 0) return Object.keys(FlowopsConfig.shape);
  if (path.length === 2 && path[0] === 'environments') return Object.keys(EnvironmentConfig.shape);
  if (path.length === 3 && path[0] === 'environments' && path[2] === 'tls') return ['clientCert', 'clientKey', 'serverName'];
  if (path.at(-1) !== undefined && path[0] === 'environments') return ['fromEnv'];
  return undefined;
}

/** One unknown key: FLOW_CONFIG_INVALID with "did you mean" (`nearest`) and the keys allowed there. */
function unknownKeyIssue(file: string, path: readonly string[], key: string): FlowIssue {
  const keys = keysAt(path) ?? [];
  const guess = nearest(key, keys);
  const where = [...path, key].join('.');
  return {
    code: 'FLOW_CONFIG_INVALID',
    message: `${file}: ${where}: unknown key "${key}".${guess ? ` Did you mean "${guess}"?` : ''}`,
    hint: guess
      ? `rename "${key}" to "${guess}" in flowops.config.ts`
      : `remove "${key}"${keys.length ? ` (the keys here: ${keys.join(', ')})` : ''} — see the README section "Environments"`,
    path: where,
  };
}

/** An environment with every `fromEnv` resolved. Secrets stay out of logs: print `address` only. */
export interface ResolvedEnvironment {
  name: string;
  /** Undefined for `local`: the embedded dev server. */
  address: string | undefined;
  namespace: string;
  taskQueue: string;
  /** Worker deployment name (`flowops worker` runs as a version of it); default `flowops-<taskQueue>`. */
  deploymentName?: string | undefined;
  apiKey: string | undefined;
  tls: { clientCert: string; clientKey: string; serverName?: string | undefined } | boolean;
  codecKeys: string | undefined;
  uiUrl: string | undefined;
  runners: string[];
  /** Runs only published definitions, and only for `runners` (see `isProtectedEnvironment`). */
  protected: boolean;
  /** Values for `env('NAME')` references (config `env`), with every `fromEnv` that is set read. */
  envValues?: Record<string, string> | undefined;
  /** `env` entries whose `fromEnv` variable is not set: name → variable (a run needing one fails). */
  envUnset?: Record<string, string> | undefined;
  /** The namespace retention the config asks for (`30d`), if any. */
  retention?: string | undefined;
}

/**
 * The `env` values of an environment: strings as written, `fromEnv` read from `vars`; a variable
 * that is not set is left out and named in `envUnset` (only a run that needs it fails).
 */
function readEnvValues(
  entries: Record<string, string | FromEnv>,
  vars: Record<string, string | undefined>,
): Pick<ResolvedEnvironment, 'envValues' | 'envUnset'> {
  const envValues: Record<string, string> = {};
  const envUnset: Record<string, string> = {};
  for (const [key, v] of Object.entries(entries)) {
    if (typeof v === 'string') envValues[key] = v;
    else if (vars[v.fromEnv] !== undefined && vars[v.fromEnv] !== '') envValues[key] = vars[v.fromEnv]!;
    else envUnset[key] = v.fromEnv;
  }
  return { envValues, envUnset };
}

/** Pick an environment and read its environment variables. */
export function resolveEnvironment(config: FlowopsConfig, name: string, vars: Record<string, string | undefined>): Result<ResolvedEnvironment> {
  const env = config.environments[name];
  if (!env) {
    const known = Object.keys(config.environments);
    return fail({
      code: 'FLOW_UNKNOWN_ENVIRONMENT',
      message: `environment "${name}" is not defined in flowops.config.ts (known: ${known.join(', ') || 'none'})`,
      hint: `pass --env ${known[0] ?? 'local'}, or add "${name}" under environments in flowops.config.ts`,
    });
  }
  const missing: string[] = [];
  const read = (v: string | FromEnv | undefined): string | undefined => {
    if (v === undefined || typeof v === 'string') return v;
    const value = vars[v.fromEnv];
    if (value === undefined || value === '') missing.push(v.fromEnv);
    return value;
  };
  const resolved: ResolvedEnvironment = {
    name,
    address: read(env.address),
    namespace: env.namespace,
    taskQueue: env.taskQueue,
    deploymentName: env.deploymentName,
    apiKey: read(env.apiKey),
    tls:
      env.tls === undefined
        ? env.apiKey !== undefined
        : env.tls === true
          ? true
          : { clientCert: read(env.tls.clientCert) ?? '', clientKey: read(env.tls.clientKey) ?? '', serverName: env.tls.serverName },
    codecKeys: read(env.codecKeys),
    uiUrl: env.uiUrl,
    runners: env.runners,
    protected: isProtectedEnvironment(name, env),
    ...readEnvValues(env.env ?? {}, vars),
    ...(env.retention ? { retention: env.retention } : {}),
  };
  if (missing.length > 0) {
    return fail({
      code: 'FLOW_ENV_VAR_MISSING',
      message: `environment "${name}" needs ${missing.map((m) => `$${m}`).join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not set`,
      hint: `export ${missing.map((m) => `${m}=…`).join(' ')} before running flowops (CI: add them as secrets)`,
    });
  }
  if (resolved.address === undefined && name !== 'local') {
    return fail({
      code: 'FLOW_CONFIG_INVALID',
      message: `environment "${name}" has no address`,
      hint: `set environments.${name}.address (e.g. fromEnv('TEMPORAL_ADDRESS')); only "local" may omit it`,
    });
  }
  return ok(resolved);
}
