/**
 * A connection to one environment for the GitOps operations (plan, publish, drift, published
 * definitions): a Temporal client for the environment's namespace and the registry. Reads (plan,
 * drift, definitions, versions) need no worker. Registry writes (publish, rollback) are updates
 * a system worker applies on the deployment's system task queue (`flowops-system.<deploymentName>`):
 * the deployed, versioned `flowops worker` of the queue's current version serves them (the system
 * workflows follow that version, AUTO_UPGRADE). A queue no versioned worker has served yet gets a
 * short-lived in-process worker for the command (FLOWOPS_SYSTEM_WORKER=0 turns that off); a queue
 * routed to a version none of whose workers polls fails fast with FLOW_NO_SYSTEM_WORKER.
 * @module
 */
import { hostname } from 'node:os';
import { FlowError } from '@flowops/core';
import {
  Registry,
  type RunningSystemWorker,
  SYSTEM_TASK_QUEUE,
  deploymentNameFor,
  registryWorkflowId,
  sharedQueueInUse,
  startSystemWorker,
  systemTaskQueueFor,
} from '@flowops/runtime';
import type { ResolvedEnvironment } from '@flowops/sdk';
import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { type EnvironmentConnection, connectEnvironment } from './connect';
import { mapLimit } from './map-limit';

/** An open environment for plan, publish and drift; `close()` it when done. */
export interface GitopsSession {
  env: ResolvedEnvironment;
  address: string;
  client: Client;
  registry: Registry;
  systemTaskQueue: string;
  /**
   * Before a registry write: make sure a worker serves the system task queue — a live worker of the
   * version it is routed to, else (an unversioned queue) an in-process one started now, also on the
   * shared `flowops-system` queue while workflows of earlier releases run there (idempotent).
   * `names`: the registries about to be written — one running on another deployment's system queue
   * of the namespace gets the same treatment there. Throws FLOW_NO_SYSTEM_WORKER when a queue is
   * routed to a version no worker polls as. Plan and drift never call it.
   */
  ensureSystemWorker(names?: readonly string[]): Promise<void>;
  /** Whether this session started an in-process system worker (tests, benchmarks). */
  startedSystemWorker(): boolean;
  close(): Promise<void>;
}

/** Options of `openSession`. */
export interface OpenOptions {
  systemTaskQueue?: string;
  /**
   * Start an in-process system worker for registry writes when the system task queue is not
   * served by a versioned worker (default true; FLOWOPS_SYSTEM_WORKER=0 relies on a deployed one).
   */
  systemWorker?: boolean;
  /** A system-queue poller last seen longer ago than this counts as gone (default 90 s; tests shorten it). */
  pollerWindowMs?: number;
  /**
   * An already connected environment (the GitHub App's per-environment client) to use instead of
   * connecting; `close()` then leaves its connection open.
   */
  connected?: EnvironmentConnection;
}

/** Identity prefix of the in-process system workers of CLI commands (not counted as deployed). */
export const EPHEMERAL_SYSTEM_IDENTITY = 'flowops-cli-system';

/** A worker deployment version as the task queue API reports it. */
interface QueueVersion {
  deploymentName: string;
  buildId: string;
}

/**
 * How the system task queue is served: the version it is routed to (its deployment's current
 * version, once a versioned system worker of that version polled it; undefined: unversioned) and
 * whether a worker of that version polled it within `windowMs`.
 */
async function queueState(client: Client, taskQueue: string, windowMs: number): Promise<{ routed: QueueVersion | undefined; live: boolean }> {
  try {
    const { pollers, versioningInfo } = await client.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: taskQueue },
      taskQueueType: 1,
    });
    const current = versioningInfo?.currentDeploymentVersion;
    const routed = current?.buildId && current.deploymentName ? { deploymentName: current.deploymentName, buildId: current.buildId } : undefined;
    const since = (Date.now() - windowMs) / 1000;
    const live = (pollers ?? []).some(
      (p) =>
        routed !== undefined &&
        p.deploymentOptions?.buildId === routed.buildId &&
        p.deploymentOptions.deploymentName === routed.deploymentName &&
        Number(p.lastAccessTime?.seconds ?? 0) >= since,
    );
    return { routed, live };
  } catch {
    return { routed: undefined, live: false };
  }
}

/**
 * The system task queue of `env`: `FLOWOPS_SYSTEM_TASK_QUEUE`, else its deployment's own
 * (`flowops-system.<deploymentName>`, the queue `flowops worker` serves it on).
 */
export function systemTaskQueueOf(env: ResolvedEnvironment): string {
  return process.env.FLOWOPS_SYSTEM_TASK_QUEUE ?? systemTaskQueueFor(deploymentNameFor(env.taskQueue, env.deploymentName));
}

/** Open `env` (connecting with `connectEnvironment` unless `options.connected` is given). */
export async function openSession(env: ResolvedEnvironment, options: OpenOptions = {}): Promise<GitopsSession> {
  const connected = options.connected ?? (await connectEnvironment(env));
  const { address, client, connection, connectionOptions, dataConverter } = connected;
  const systemTaskQueue = options.systemTaskQueue ?? systemTaskQueueOf(env);
  const registry = new Registry(client, { systemTaskQueue });
  const wantWorker = options.systemWorker ?? process.env.FLOWOPS_SYSTEM_WORKER !== '0';
  let native: Promise<NativeConnection> | undefined;
  /** In-process system workers of this session, by task queue. */
  const workers = new Map<string, Promise<RunningSystemWorker>>();
  const connectNative = async (): Promise<NativeConnection> => {
    const { NativeConnection, Runtime, DefaultLogger } = await import('@temporalio/worker');
    if (process.env.FLOWOPS_DEBUG !== '1') {
      try {
        Runtime.install({ logger: new DefaultLogger('ERROR') }); // the worker is an implementation detail of the command
      } catch {
        // already installed (tests, embedding processes): keep theirs
      }
    }
    try {
      return await NativeConnection.connect(connectionOptions as Parameters<typeof NativeConnection.connect>[0]);
    } catch (error) {
      throw new FlowError({
        code: 'FLOW_TEMPORAL_UNREACHABLE',
        message: `could not open a worker connection to ${address}: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  };
  const serve = (taskQueue: string): Promise<RunningSystemWorker> => {
    let started = workers.get(taskQueue);
    if (!started) {
      started = (async () => {
        native ??= connectNative();
        return startSystemWorker({
          connection: await native,
          namespace: env.namespace,
          taskQueue,
          ephemeral: true,
          identity: `${EPHEMERAL_SYSTEM_IDENTITY}:${process.pid}@${hostname()}`,
          ...(dataConverter ? { dataConverter } : {}),
        });
      })();
      workers.set(taskQueue, started);
    }
    return started;
  };
  /** Make sure `taskQueue` is served: by a live worker of the version it is routed to, else (unversioned) by one of ours. */
  const ensureQueue = async (taskQueue: string, own: boolean): Promise<void> => {
    if (workers.has(taskQueue)) return void (await workers.get(taskQueue));
    const { routed, live } = await queueState(client, taskQueue, options.pollerWindowMs ?? 90_000);
    if (live) return; // the deployed `flowops worker` of the queue's current version applies the write
    if (routed) {
      // An unversioned in-process worker would get no task: the queue belongs to that version.
      // Another deployment's queue: its registry's write reports the wait itself (FLOW_TEMPORAL_UNREACHABLE).
      if (!own) return;
      throw new FlowError({
        code: 'FLOW_NO_SYSTEM_WORKER',
        message: `no worker serves the system task queue "${taskQueue}" of ${env.name}: it is routed to worker version ${routed.deploymentName}:${routed.buildId}, and no worker of that version polls it`,
        hint: `start \`flowops worker --env ${env.name}\` (or \`flowops dev\` for local), or promote a running version with \`flowops workers promote <build-id> --env ${env.name}\``,
      });
    }
    await serve(taskQueue);
  };
  /** System queues other than ours that registries about to be written run on (another deployment of the namespace). */
  const foreignQueues = async (names: readonly string[]): Promise<string[]> => {
    const queues = await mapLimit([...new Set(names)], 16, async (name) => {
      try {
        const d = await client.workflow.getHandle(registryWorkflowId(name)).describe();
        return d.status.name === 'RUNNING' ? d.taskQueue : undefined;
      } catch {
        return undefined; // never published (or unreadable): the write itself reports it
      }
    });
    return [...new Set(queues.filter((q): q is string => !!q && q !== systemTaskQueue && q !== SYSTEM_TASK_QUEUE))];
  };
  return {
    env,
    address,
    client,
    registry,
    systemTaskQueue,
    startedSystemWorker: () => workers.size > 0,
    async ensureSystemWorker(names = []) {
      if (!wantWorker) return;
      await ensureQueue(systemTaskQueue, true);
      for (const q of await foreignQueues(names)) await ensureQueue(q, false);
      // Workflows of earlier releases still on the shared queue: serve it too while we serve any
      // queue, so a write can move them to this deployment's queue (Registry: moveOffSharedQueue).
      if (workers.size > 0 && systemTaskQueue !== SYSTEM_TASK_QUEUE && !workers.has(SYSTEM_TASK_QUEUE) && (await sharedQueueInUse(client))) {
        await serve(SYSTEM_TASK_QUEUE);
      }
    },
    async close() {
      await Promise.all([...workers.values()].map(async (w) => (await w.catch(() => undefined))?.stop()));
      await (await native?.catch(() => undefined))?.close();
      if (!options.connected) await connection.close();
    },
  };
}
