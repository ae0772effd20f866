/**
 * Secret providers: where a worker looks secret values up. Values are fetched inside activities
 * only and never enter a definition, a workflow input, history or a log.
 * @module
 */

/** A source of secret values. `undefined` means "not set here". */
export interface SecretProvider {
  get(name: string): Promise<string | undefined>;
  /** How to set `name` for this provider (used in FLOW_SECRET_MISSING hints). */
  hint?(name: string): string;
}

/** `github-token` → `GITHUB_TOKEN` (the suffix of `FLOWOPS_SECRET_<NAME>`). */
export function envSecretSuffix(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

/** The variable that opts a worker into serving plain environment variables as secrets. */
export const PLAIN_ENV_OPT_IN = 'FLOWOPS_SECRETS_FROM_PLAIN_ENV';

export interface EnvSecretProviderOptions {
  /**
   * Also serve the plain variable `NAME` when `FLOWOPS_SECRET_<NAME>` is unset. Off by default:
   * a worker's environment holds more than secrets meant for workflows. Default: the
   * `FLOWOPS_SECRETS_FROM_PLAIN_ENV` environment variable is `1`/`true`.
   */
  plainEnv?: boolean;
}

/**
 * Reads secrets from the worker's environment. Lookup for `secret('NAME')`:
 * 1. `FLOWOPS_SECRET_<NAME>` (NAME upper-cased, other characters → `_`; `github-token` →
 *    `FLOWOPS_SECRET_GITHUB_TOKEN`) — the only source by default;
 * 2. the variable `NAME` itself, exactly as written — only when opted in with `plainEnv` /
 *    `FLOWOPS_SECRETS_FROM_PLAIN_ENV=1`. Variables starting with `FLOWOPS_` (codec keys, tokens
 *    of flowops itself) are never served through this plain lookup.
 * Empty values count as unset.
 * @example
 * // FLOWOPS_SECRET_SLACK_WEBHOOK=https://hooks.slack.com/… on the worker
 * await new EnvSecretProvider().get('SLACK_WEBHOOK');
 */
export class EnvSecretProvider implements SecretProvider {
  private readonly plainEnv: boolean;
  constructor(
    private readonly env: Record<string, string | undefined> = process.env,
    options: EnvSecretProviderOptions = {},
  ) {
    this.plainEnv = options.plainEnv ?? /^(1|true)$/i.test(env[PLAIN_ENV_OPT_IN] ?? '');
  }

  async get(name: string): Promise<string | undefined> {
    const prefixed = this.env[`FLOWOPS_SECRET_${envSecretSuffix(name)}`];
    if (prefixed) return prefixed;
    if (!this.plainEnv || /^FLOWOPS_/i.test(name)) return undefined;
    return (Object.hasOwn(this.env, name) ? this.env[name] : undefined) || undefined;
  }

  hint(name: string): string {
    const prefixed = `FLOWOPS_SECRET_${envSecretSuffix(name)}`;
    return this.plainEnv && !/^FLOWOPS_/i.test(name)
      ? `set ${prefixed} (or ${name}) in the worker's environment`
      : `set ${prefixed} in the worker's environment`;
  }
}

/** Fixed values (tests, local runs). */
export class StaticSecretProvider implements SecretProvider {
  private readonly values: Map<string, string>;
  constructor(values: Record<string, string>) {
    this.values = new Map(Object.entries(values));
  }
  async get(name: string): Promise<string | undefined> {
    return this.values.get(name);
  }
  hint(name: string): string {
    return `add "${name}" to the configured secret values`;
  }
}
