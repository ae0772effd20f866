/**
 * A connection to one environment for the GitOps commands: a Temporal client for the
 * environment's namespace, the registry, and — started on first need — an in-process system
 * worker so registry updates and queries are served even when nothing else is deployed.
 * @module
 */
import { FlowError } from '@flowops/core';
import { Registry, type RunningSystemWorker, SYSTEM_TASK_QUEUE, connectOrExplain, dataConverterForEnvironment, startSystemWorker, temporalConnectionOptions } from '@flowops/runtime';
import type { ResolvedEnvironment } from '@flowops/sdk';
import { Client, type Connection, type ConnectionOptions } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';

/** Where `local` (the embedded dev server) listens when no address is configured. */
export const LOCAL_ADDRESS = '127.0.0.1:7233';

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

function connectionOptions(env: ResolvedEnvironment): Omit<ConnectionOptions, 'address'> {
  return temporalConnectionOptions(env);
}

export interface OpenOptions {
  systemTaskQueue?: string;
  /** Run the system worker in-process (default true; set FLOWOPS_SYSTEM_WORKER=0 to rely on a deployed one). */
  systemWorker?: boolean;
}

export async function openSession(env: ResolvedEnvironment, options: OpenOptions = {}): Promise<GitopsSession> {
  const address = env.address ?? LOCAL_ADDRESS;
  const opts = connectionOptions(env);
  const connection: Connection = await connectOrExplain(address, { ...opts, namespace: env.namespace });
  const dataConverter = dataConverterForEnvironment(env);
  const client = new Client({ connection, namespace: env.namespace, ...(dataConverter ? { dataConverter } : {}) });
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
          native = await NativeConnection.connect({ address, ...(opts as Parameters<typeof NativeConnection.connect>[0]) });
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
      await connection.close();
    },
  };
}
