/**
 * Environment → connected Temporal client, the one place that turns a resolved flowops
 * environment into a connection: address (`local` = the dev server at 127.0.0.1:7233), TLS /
 * API key (`temporalConnectionOptions`), namespace, and the environment's data converter
 * (`dataConverterForEnvironment`: its `codecKeys`, else FLOWOPS_CODEC_KEYS). Used by the CLI's
 * commands, GitOps sessions and the GitHub App's per-environment clients.
 * @module
 */
import { connectOrExplain, dataConverterForEnvironment, temporalConnectionOptions } from '@flowops/runtime';
import type { ResolvedEnvironment } from '@flowops/sdk';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';

/** Where `local` (the embedded dev server, `flowops dev`) listens when no address is configured. */
export const LOCAL_ADDRESS = '127.0.0.1:7233';

/**
 * The address of an environment without one (`local`): FLOWOPS_LOCAL_ADDRESS when set, else
 * `LOCAL_ADDRESS`. (`environments.local.address` in flowops.config.ts wins over both.)
 */
export function localAddress(vars: Record<string, string | undefined> = process.env): string {
  return vars.FLOWOPS_LOCAL_ADDRESS?.trim() || LOCAL_ADDRESS;
}

/** A connected environment: its client already carries the environment's data converter. */
export interface EnvironmentConnection {
  env: ResolvedEnvironment;
  address: string;
  connection: Connection;
  client: Client;
  /** Address, TLS and API key: what a worker connection (`NativeConnection`) for this environment needs too. */
  connectionOptions: ConnectionOptions;
  /** The environment's data converter (already on `client`); a worker must use it too. `undefined`: no encryption. */
  dataConverter: DataConverter | undefined;
}

/** Options of `connectEnvironment`. */
export interface ConnectEnvironmentOptions {
  /** Address used when the environment has none (default `localAddress()`). */
  localAddress?: string | undefined;
  /** Variables the codec keys fall back to (default `process.env`). */
  vars?: Record<string, string | undefined> | undefined;
  /**
   * Connect on first use instead of now (a webhook server that starts while Temporal is down).
   * Without it the server and the namespace are checked at once and an unreachable Temporal is
   * FLOW_TEMPORAL_UNREACHABLE with how to fix it.
   */
  lazy?: boolean | undefined;
}

/** Address, TLS and API key of `env` as Temporal connection options. */
export function connectionOptionsFor(env: ResolvedEnvironment, fallback = localAddress()): ConnectionOptions {
  return { address: env.address ?? fallback, ...temporalConnectionOptions(env) };
}

/**
 * Connect to `env`'s Temporal and return a client for its namespace with its data converter.
 * @throws FlowError FLOW_TEMPORAL_UNREACHABLE when the server or the namespace does not answer (not when `lazy`).
 */
export async function connectEnvironment(env: ResolvedEnvironment, opts: ConnectEnvironmentOptions = {}): Promise<EnvironmentConnection> {
  const connectionOptions = connectionOptionsFor(env, opts.localAddress ?? localAddress());
  const { address, ...rest } = connectionOptions;
  const connection = opts.lazy ? Connection.lazy(connectionOptions) : await connectOrExplain(address!, { ...rest, namespace: env.namespace });
  const dataConverter = dataConverterForEnvironment(env, opts.vars ?? process.env);
  const client = new Client({ connection, namespace: env.namespace, ...(dataConverter ? { dataConverter } : {}) });
  return { env, address: address!, connection, client, connectionOptions, dataConverter };
}
