/**
 * A connection to one environment for the GitOps operations (plan, publish, drift, published
 * definitions): a Temporal client for the environment's namespace, the registry, and — started
 * on first need — an in-process system worker so registry updates and queries are served even
 * when nothing else is deployed.
 * @module
 */
import { FlowError } from '@flowops/core';
import { Registry, type RunningSystemWorker, SYSTEM_TASK_QUEUE, startSystemWorker } from '@flowops/runtime';
import type { ResolvedEnvironment } from '@flowops/sdk';
import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { type EnvironmentConnection, connectEnvironment } from './connect';

/** An open environment for plan, publish and drift; `close()` it when done. */
export interface GitopsSession {
  env: ResolvedEnvironment;
  address: string;
  client: Client;
  registry: Registry;
  systemTaskQueue: string;
  /** Start the in-process system worker (idempotent). */
  ensureSystemWorker(): Promise<void>;
  close(): Promise<void>;
}

/** Options of `openSession`. */
export interface OpenOptions {
  systemTaskQueue?: string;
  /** Run the system worker in-process (default true; set FLOWOPS_SYSTEM_WORKER=0 to rely on a deployed one). */
  systemWorker?: boolean;
  /**
   * An already connected environment (the GitHub App's per-environment client) to use instead of
   * connecting; `close()` then leaves its connection open.
   */
  connected?: EnvironmentConnection;
}

/** Open `env` (connecting with `connectEnvironment` unless `options.connected` is given). */
export async function openSession(env: ResolvedEnvironment, options: OpenOptions = {}): Promise<GitopsSession> {
  const connected = options.connected ?? (await connectEnvironment(env));
  const { address, client, connection, connectionOptions, dataConverter } = connected;
  const systemTaskQueue = options.systemTaskQueue ?? process.env.FLOWOPS_SYSTEM_TASK_QUEUE ?? SYSTEM_TASK_QUEUE;
  const registry = new Registry(client, { systemTaskQueue });
  const wantWorker = options.systemWorker ?? process.env.FLOWOPS_SYSTEM_WORKER !== '0';
  let native: NativeConnection | undefined;
  let worker: Promise<RunningSystemWorker> | undefined;
  return {
    env,
    address,
    client,
    registry,
    systemTaskQueue,
    async ensureSystemWorker() {
      if (!wantWorker) return;
      worker ??= (async () => {
        const { NativeConnection, Runtime, DefaultLogger } = await import('@temporalio/worker');
        if (process.env.FLOWOPS_DEBUG !== '1') {
          try {
            Runtime.install({ logger: new DefaultLogger('ERROR') }); // the worker is an implementation detail of the command
          } catch {
            // already installed (tests, embedding processes): keep theirs
          }
        }
        try {
          native = await NativeConnection.connect(connectionOptions as Parameters<typeof NativeConnection.connect>[0]);
        } catch (error) {
          throw new FlowError({
            code: 'FLOW_TEMPORAL_UNREACHABLE',
            message: `could not open a worker connection to ${address}: ${error instanceof Error ? error.message : String(error)}`,
          });
        }
        return startSystemWorker({
          connection: native,
          namespace: env.namespace,
          taskQueue: systemTaskQueue,
          ephemeral: true,
          ...(dataConverter ? { dataConverter } : {}),
        });
      })();
      await worker;
    },
    async close() {
      if (worker) await (await worker.catch(() => undefined))?.stop();
      await native?.close();
      if (!options.connected) await connection.close();
    },
  };
}
