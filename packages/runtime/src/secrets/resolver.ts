/**
 * The secret resolver handed to plugin actions: maps `secret('NAME')` / `secret('scheme:NAME')`
 * to a provider and remembers the values it served, so activity results, errors and logs can
 * be redacted with them.
 * @module
 */
import { type FlowIssue, formatIssue } from '@flowops/core';
import type { SecretResolver as SdkSecretResolver } from '@flowops/sdk';
import { ApplicationFailure } from '@temporalio/common';
import { EnvSecretProvider, type SecretProvider } from './provider';

/** `scheme:rest` — a scheme is lowercase letters/digits/dashes; anything else is a plain name. */
const SCHEME = /^([a-z][a-z0-9-]*):(.+)$/;

export interface SecretResolverOptions {
  /** Providers by scheme. Default `{ env: new EnvSecretProvider() }`. */
  providers?: Record<string, SecretProvider>;
  /** Scheme used for names without one. Default `env`. */
  defaultScheme?: string;
}

/** The non-retryable failure for a secret that is not set (names the secret, never a value). */
export function secretMissing(issue: Omit<FlowIssue, 'code'>): ApplicationFailure {
  const full: FlowIssue = { code: 'FLOW_SECRET_MISSING', ...issue };
  return ApplicationFailure.create({ type: full.code, message: formatIssue(full), nonRetryable: true });
}

/**
 * Resolves secrets by name. `get` throws a non-retryable `ApplicationFailure` of type
 * FLOW_SECRET_MISSING when the secret is unset; `values()` lists everything served so far
 * (feed it to `createRedactor`).
 * @example
 * const secrets = new SecretResolver({ providers: { env: new EnvSecretProvider(), vault: myVault } });
 * const token = await secrets.get('GITHUB_TOKEN'); // env
 * const dbPass = await secrets.get('vault:db/password');
 */
export class SecretResolver implements SdkSecretResolver {
  private readonly providers: Record<string, SecretProvider>;
  private readonly defaultScheme: string;
  private readonly served = new Set<string>();

  constructor(options: SecretResolverOptions = {}) {
    this.providers = options.providers ?? { env: new EnvSecretProvider() };
    this.defaultScheme = options.defaultScheme ?? 'env';
  }

  /** The secret's value, or `undefined` when unset. Unknown schemes throw. */
  async tryGet(name: string): Promise<string | undefined> {
    const { provider, key } = this.route(name);
    const value = await provider.get(key);
    if (value !== undefined && value !== '') {
      this.served.add(value);
      return value;
    }
    return undefined;
  }

  async get(name: string): Promise<string> {
    const value = await this.tryGet(name);
    if (value !== undefined) return value;
    const { provider, key } = this.route(name);
    throw secretMissing({
      message: `secret "${name}" is not set on this worker`,
      hint: provider.hint?.(key) ?? `configure "${name}" in the worker's secret provider`,
    });
  }

  /** Values served so far (for redaction). */
  values(): string[] {
    return [...this.served];
  }

  private route(name: string): { provider: SecretProvider; key: string } {
    const match = SCHEME.exec(name);
    const scheme = match?.[1];
    if (scheme !== undefined) {
      const provider = this.providers[scheme];
      if (!provider) {
        throw secretMissing({
          message: `secret "${name}" uses the scheme "${scheme}", which no provider on this worker serves (known: ${Object.keys(this.providers).join(', ')})`,
          hint: `register a "${scheme}" provider on the worker or use one of the known schemes`,
        });
      }
      return { provider, key: match?.[2] ?? '' };
    }
    const provider = this.providers[this.defaultScheme];
    if (!provider) throw new Error(`no provider for the default secret scheme "${this.defaultScheme}"`);
    return { provider, key: name };
  }
}
