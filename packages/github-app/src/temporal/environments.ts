/**
 * Temporal clients for the flowops environments named in flowops.config.ts (one per
 * environment, opened on first use) — connected by @flowops/gitops' `connectEnvironment`, with
 * TLS / API key and the environment's data converter (payloads, failure messages and stack
 * traces encrypted when it has codec keys).
 * @module
 */
import { FlowError, formatIssue } from '@flowops/core';
import { type EnvironmentConnection, connectEnvironment, localAddress } from '@flowops/gitops';
import { type FlowopsConfig, type ResolvedEnvironment, resolveEnvironment } from '@flowops/sdk';

/** A connected environment (its client carries the environment's data converter; a worker must use `dataConverter` too). */
export type EnvClient = EnvironmentConnection;

export class Environments {
  private readonly clients = new Map<string, Promise<EnvClient>>();
  constructor(
    readonly config: FlowopsConfig,
    private readonly vars: Record<string, string | undefined> = process.env,
    private readonly fallbackAddress = localAddress(),
    /** Connect on first use instead of at once (a `--role server` App starts, and answers 503, while Temporal is down). */
    private readonly lazy = false,
  ) {}

  names(): string[] {
    return Object.keys(this.config.environments);
  }

  resolve(name: string): ResolvedEnvironment {
    const r = resolveEnvironment(this.config, name, this.vars);
    if (!r.ok) throw new FlowError(r.issues[0]!, r.issues.slice(1));
    return r.value;
  }

  get(name: string): Promise<EnvClient> {
    let p = this.clients.get(name);
    if (!p) {
      p = (async () => {
        return connectEnvironment(this.resolve(name), { localAddress: this.fallbackAddress, vars: this.vars, lazy: this.lazy });
      })();
      p.catch(() => this.clients.delete(name));
      this.clients.set(name, p);
    }
    return p;
  }

  async close(): Promise<void> {
    for (const p of this.clients.values()) {
      try {
        await (await p).client.connection.close();
      } catch {
        // already closed or never opened
      }
    }
    this.clients.clear();
  }
}

export function describeIssue(err: unknown): string {
  if (err instanceof FlowError) return err.issues.map(formatIssue).join('; ');
  return err instanceof Error ? err.message : String(err);
}
