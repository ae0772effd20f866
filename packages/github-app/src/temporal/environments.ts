/**
 * Temporal clients for the flowops environments named in flowops.config.ts (one per
 * environment, opened on first use), with TLS / API key and the environment's data converter
 * (payloads, failure messages and stack traces encrypted when it has codec keys).
 * @module
 */
import { FlowError, formatIssue } from '@flowops/core';
import { dataConverterForEnvironment, temporalConnectionOptions } from '@flowops/runtime';
import { type FlowopsConfig, type ResolvedEnvironment, resolveEnvironment } from '@flowops/sdk';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';

export const LOCAL_ADDRESS = '127.0.0.1:7233';

export interface EnvClient {
  env: ResolvedEnvironment;
  address: string;
  client: Client;
  connectionOptions: ConnectionOptions;
  /**
   * The environment's data converter (its `codecKeys`, else `FLOWOPS_CODEC_KEYS`), already on
   * `client`; a worker for this environment must use it too. `undefined`: no encryption.
   */
  dataConverter: DataConverter | undefined;
}

export function connectionOptionsFor(env: ResolvedEnvironment, localAddress = LOCAL_ADDRESS): ConnectionOptions {
  return { address: env.address ?? localAddress, ...temporalConnectionOptions(env) };
}

export class Environments {
  private readonly clients = new Map<string, Promise<EnvClient>>();
  constructor(
    readonly config: FlowopsConfig,
    private readonly vars: Record<string, string | undefined> = process.env,
    private readonly localAddress = process.env.FLOWOPS_LOCAL_ADDRESS ?? LOCAL_ADDRESS,
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
        const env = this.resolve(name);
        const connectionOptions = connectionOptionsFor(env, this.localAddress);
        const connection = this.lazy ? Connection.lazy(connectionOptions) : await Connection.connect(connectionOptions);
        const dataConverter = dataConverterForEnvironment(env, this.vars);
        const client = new Client({ connection, namespace: env.namespace, ...(dataConverter ? { dataConverter } : {}) });
        return { env, address: connectionOptions.address!, client, connectionOptions, dataConverter };
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
