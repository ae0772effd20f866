/**
 * A connection to one environment for the GitOps operations (plan, publish, drift, published
 * definitions): a Temporal client for the environment's namespace and the registry. Reads (plan,
 * drift, definitions, versions) need no worker. Registry writes (publish, rollback) are updates
 * a system worker applies: the deployed, versioned `flowops worker` serves them (the registry
 * workflows are PINNED to its version); only when no versioned worker polls the system task
 * queue is a short-lived in-process one started for the command (FLOWOPS_SYSTEM_WORKER=0 turns
 * that fallback off).
 * @module
 */
import { hostname } from 'node:os';
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
  /**
   * Before a registry write: make sure a worker serves the system task queue — a versioned one
   * polling it, else an in-process one started now (idempotent). Plan and drift never call it.
   */
  ensureSystemWorker(): Promise<void>;
  /** Whether this session started an in-process system worker (tests, benchmarks). */
  startedSystemWorker(): boolean;
  close(): Promise<void>;
}

/** Options of `openSession`. */
export interface OpenOptions {
  systemTaskQueue?: string;
  /**
   * Start an in-process system worker for registry writes when no versioned worker polls the
   * system task queue (default true; FLOWOPS_SYSTEM_WORKER=0 relies on a deployed one).
   */
  systemWorker?: boolean;
  /**
   * An already connected environment (the GitHub App's per-environment client) to use instead of
   * connecting; `close()` then leaves its connection open.
   */
  connected?: EnvironmentConnection;
}

/** Identity prefix of the in-process system workers of CLI commands (not counted as deployed). */
export const EPHEMERAL_SYSTEM_IDENTITY = 'flowops-cli-system';

/**
 * Does a versioned worker (`flowops worker`, the App) poll `taskQueue` for workflow tasks? Once a
 * deployment version serves the system task queue, the registry workflows are routed to it (an
 * unversioned in-process worker would get no task). Pollers the server last saw over 90 s ago do
 * not count; unknown counts as no.
 */
async function hasVersionedPoller(client: Client, taskQueue: string): Promise<boolean> {
  try {
    const { pollers } = await client.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: taskQueue },
      taskQueueType: 1,
    });
    const since = Date.now() / 1000 - 90;
    return (pollers ?? []).some((p) => !!p.deploymentOptions?.buildId && Number(p.lastAccessTime?.seconds ?? 0) >= since);
  } catch {
    return false;
  }
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
    startedSystemWorker: () => worker !== undefined,
    async ensureSystemWorker() {
      if (!wantWorker || worker) return void (await worker);
      if (await hasVersionedPoller(client, systemTaskQueue)) return;
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
          identity: `${EPHEMERAL_SYSTEM_IDENTITY}:${process.pid}@${hostname()}`,
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
