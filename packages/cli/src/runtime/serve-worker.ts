/**
 * A production-shaped worker for `flowops worker` and `flowops dev`: all standard plugins,
 * secrets from the environment (FLOWOPS_SECRET_<NAME>), pino logs with redaction, Prometheus
 * metrics on /metrics, the payload codec of the environment. SIGINT/SIGTERM shut it down
 * gracefully (the Temporal Runtime's shutdown signals).
 * @module
 */
import { systemTaskQueueOf } from '@flowops/gitops';
import {
  SYSTEM_TASK_QUEUE,
  type WorkerVersion,
  adoptVersionIfNone,
  createFlowopsWorker,
  metricsObserver,
  startCapabilityHeartbeat,
  startSystemWorker,
  workerVersion,
} from '@flowops/runtime';
import {
  EnvSecretProvider,
  SecretResolver,
  actionLogger,
  createLogger,
  createMetrics,
  createRedactor,
  startMetricsServer,
  temporalLogger,
} from '@flowops/runtime/security';
import type { PluginImplementation } from '@flowops/sdk';
import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { type RuntimeEnv, connectClient, securityOptions, unreachable } from './connect';
import { type LogFormat, logDestination } from './log-destination';
import { loadStandardPlugins } from './plugins';

export interface ServedWorker {
  worker: Worker;
  actions: string[];
  metricsUrl: string | undefined;
  /** Resolves when the worker has stopped (after shutdown()). */
  running: Promise<void>;
  /** The deployment version this worker runs as (undefined: unversioned). */
  version: WorkerVersion | undefined;
  /** Whether the version is (or became) the deployment's current version once the worker polls. */
  versionState: Promise<'current' | 'not-current' | 'unversioned'>;
  close(): Promise<void>;
}

let runtimeInstalled = false;

export async function serveWorker(
  renv: RuntimeEnv,
  opts: {
    metricsPort?: number | undefined;
    plugins?: PluginImplementation[];
    logLevel?: string;
    /** JSON lines (default) or one readable line per entry (`flowops dev`). */
    logFormat?: LogFormat;
    /** Also run the system workflows (registry, capabilities) and advertise our actions (default true). */
    system?: boolean;
    /**
     * Worker versioning (default on): the worker runs as a version of the environment's
     * deployment and becomes current by itself only when the deployment has no current version;
     * `promote` makes it current regardless (`flowops dev`, `flowops worker --promote`).
     */
    versioning?: false | { promote?: boolean | undefined };
  } = {},
): Promise<ServedWorker> {
  const secrets = new SecretResolver({ providers: { env: new EnvSecretProvider() } });
  const logger = createLogger({
    name: 'flowops-worker',
    redactor: () => createRedactor(secrets.values()),
    ...(opts.logLevel ? { level: opts.logLevel as 'info' } : {}),
    ...(opts.logFormat === 'pretty' ? { destination: logDestination('pretty') } : {}),
  });
  if (!runtimeInstalled) {
    runtimeInstalled = true;
    try {
      Runtime.install({ logger: temporalLogger(logger.child({ component: 'temporal' })) as never });
    } catch {
      // a Runtime already exists in this process
    }
  }
  let connection: NativeConnection;
  try {
    connection = await NativeConnection.connect({ address: renv.address, ...securityOptions(renv) });
  } catch (err) {
    throw unreachable(renv.address, err instanceof Error ? err.message.split('\n')[0]! : String(err));
  }
  const metrics = createMetrics({ defaultMetrics: true, defaultLabels: { task_queue: renv.taskQueue } });
  const plugins = opts.plugins ?? (await loadStandardPlugins((m) => logger.warn(m)));
  const version =
    opts.versioning === false
      ? undefined
      : await workerVersion({
          taskQueue: renv.taskQueue,
          deploymentName: renv.env.deploymentName,
          failureConverterPath: renv.dataConverter?.failureConverterPath,
        });
  const { worker, actions } = await createFlowopsWorker({
    connection,
    namespace: renv.namespace,
    taskQueue: renv.taskQueue,
    plugins,
    secrets,
    dataConverter: renv.dataConverter,
    log: actionLogger(logger),
    observe: metricsObserver(metrics),
    metrics,
    versioning: version,
  });
  const metricsServer = opts.metricsPort === undefined ? undefined : await startMetricsServer({ registry: metrics.registry, port: opts.metricsPort });
  const system = opts.system === false ? undefined : await startSystem(renv, connection, actions, worker.options.identity, version, (m) => logger.warn(m));
  const running = worker.run().finally(async () => {
    await system?.stop();
    await metricsServer?.close();
    await connection.close();
  });
  const versionState = version
    ? adopt(renv, version, opts.versioning ? opts.versioning.promote : undefined, (m) => logger.warn(m))
    : Promise.resolve('unversioned' as const);
  logger.info(
    { taskQueue: renv.taskQueue, namespace: renv.namespace, address: renv.address, actions, metrics: metricsServer?.url, ...version },
    'flowops worker started',
  );
  return {
    worker,
    actions,
    metricsUrl: metricsServer?.url,
    running,
    version,
    versionState,
    async close() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}

/**
 * System workers + capability heartbeat, so `flowops publish` sees what this worker serves. The
 * system workflows run on the deployment's own queue (`systemTaskQueueOf`), polled as this
 * worker's version; an unversioned worker also serves the shared `flowops-system` queue of earlier
 * releases, whose workflows move to the deployment's queue at their next write (or heartbeat).
 */
async function startSystem(
  renv: RuntimeEnv,
  connection: NativeConnection,
  actions: string[],
  identity: string,
  version: WorkerVersion | undefined,
  warn: (m: string) => void,
) {
  try {
    const systemTaskQueue = systemTaskQueueOf(renv.env);
    const base = { connection, namespace: renv.namespace, dataConverter: renv.dataConverter, identity };
    const own = await startSystemWorker({ ...base, taskQueue: systemTaskQueue, versioning: version });
    const shared = systemTaskQueue === SYSTEM_TASK_QUEUE ? undefined : await startSystemWorker({ ...base, taskQueue: SYSTEM_TASK_QUEUE });
    const { client, connection: clientConnection } = await connectClient(renv);
    const beat = await startCapabilityHeartbeat(client, { taskQueue: renv.taskQueue, identity, actions, systemTaskQueue });
    return {
      async stop() {
        await beat.stop().catch(() => undefined);
        await Promise.all([own.stop().catch(() => undefined), shared?.stop().catch(() => undefined)]);
        await clientConnection.close();
      },
    };
  } catch (err) {
    warn(`flowops: system workflows/capability heartbeat not started (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
    return undefined;
  }
}

/** Once the worker polls, make its version current if the deployment has none (or `promote`). */
async function adopt(renv: RuntimeEnv, version: WorkerVersion, promote: boolean | undefined, warn: (m: string) => void): Promise<'current' | 'not-current'> {
  try {
    const { client, connection } = await connectClient(renv);
    try {
      return await adoptVersionIfNone(client, { ...version, promote, identity: 'flowops worker' });
    } finally {
      await connection.close();
    }
  } catch (err) {
    warn(
      `flowops: could not make ${version.deploymentName}:${version.buildId} current (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); run \`flowops workers promote ${version.buildId}\``,
    );
    return 'not-current';
  }
}
