/**
 * `startApp`: the webhook server, the Temporal client that starts the App's workflows and the
 * system worker that runs them, wired together — with no local state: any number of replicas
 * can run behind a load balancer. Roles: `server` (webhooks only), `worker` (the Temporal worker
 * only) or `all` (both in one process, the default of `flowops app`). The worker is kept polling
 * in process (restarted with backoff; `/healthz` is 503 while it is not). Webhooks Temporal could
 * not take were answered 503; the redelivery sweep (at start-up and on a Schedule) asks GitHub
 * to deliver them again.
 * @module
 */
import { resolve } from 'node:path';
import type { FlowopsConfig } from '@flowops/sdk';
import { NativeConnection } from '@temporalio/worker';
import { createFlowopsActivities } from './activities/flowops-activities';
import { createGitHubActivities } from './activities/github-activities';
import { createScheduleActivities } from './activities/schedule-activities';
import type { AppConfig } from './config';
import { type DefinitionSet, fillCloneUrl, loadDefinitions } from './definitions/load';
import { evaluatePolicyAt } from './definitions/policy';
import { type SandboxLimits, sandboxLimitsFromEnv } from './definitions/sandbox';
import { commitInHistory } from './github/commit-history';
import { createGitHubClients } from './github/octokit';
import type { RepoRef } from './report/types';
import { type AppRequest, type SweepLimits, createRedeliveryActivities, ensureRedeliverySchedule, sweepFailedDeliveries } from './server/redelivery-sweep';
import { type RunningServer, startWebhookServer } from './server/webhook-server';
import { type WorkerKeeper, type WorkerKeeperOptions, keepWorker } from './supervisor/worker-keeper';
import { Environments } from './temporal/environments';
import { temporalStarter } from './temporal/starter';
import { createAppWorker } from './temporal/worker';

export type AppRole = 'server' | 'worker' | 'all';
export const APP_ROLES: readonly AppRole[] = ['server', 'worker', 'all'];

export interface AppOptions {
  config: AppConfig;
  /** What this process runs (default `all`). */
  role?: AppRole;
  flowops: FlowopsConfig;
  /** Environment variables used to resolve `fromEnv` settings (default process.env). */
  vars?: Record<string, string | undefined>;
  /** Address of the `local` environment (default 127.0.0.1:7233). */
  localAddress?: string;
  /** Repository whose node_modules checked-out definitions use (default cwd). */
  appRoot?: string;
  host?: string;
  uiBase?: (env: string) => string | undefined;
  log?: (event: Record<string, unknown>) => void;
  /** Limits of the compile sandbox (default from FLOWOPS_COMPILE_* in `vars`; 120 s, 512 MB heap). */
  sandbox?: SandboxLimits;
  /** Replace how definitions are loaded (tests). */
  definitions?: (repo: RepoRef, sha: string) => Promise<DefinitionSet>;
  /** Replace how a plan asks whether a commit is in the history of another (default: GitHub's compare). */
  inHistory?: (repo: RepoRef, sha: string, head: string) => Promise<boolean>;
  /**
   * The redelivery sweep: its limits and the Schedule's interval (default every 5 minutes,
   * deliveries of the last 24 h, ≤ 50 per sweep); `false`: no sweep at start-up and no Schedule.
   */
  redelivery?: (SweepLimits & { every?: string }) | false;
  /** How the worker is kept polling (backoff, attempts; tests shorten them). */
  keeper?: Omit<WorkerKeeperOptions, 'create' | 'log'>;
}

export interface RunningApp {
  /** The webhook server's URL ('' for the `worker` role). */
  url: string;
  server: RunningServer | undefined;
  /** The keeper of the App's worker (roles `worker` and `all`). */
  worker: WorkerKeeper | undefined;
  environments: Environments;
  close(): Promise<void>;
}

export async function startApp(o: AppOptions): Promise<RunningApp> {
  const role = o.role ?? 'all';
  // A webhook-only server starts while Temporal is down (and answers 503 until it is back).
  const environments = new Environments(o.flowops, o.vars ?? process.env, o.localAddress, role === 'server');
  const system = await environments.get(o.config.environment);
  const github = createGitHubClients({ appId: o.config.appId, privateKey: o.config.privateKey, apiUrl: o.config.apiUrl });
  const appRoot = resolve(o.appRoot ?? process.cwd());
  // Definitions from pull requests are compiled in a sandboxed child process (definitions/sandbox.ts).
  const sandbox = o.sandbox ?? sandboxLimitsFromEnv(o.vars ?? process.env);
  const cloneUrl = async (repo: RepoRef) => {
    const api = await github.forRepo(repo);
    const auth = (await api.auth({ type: 'installation' })) as { token: string };
    return fillCloneUrl(o.config.cloneUrl, { owner: repo.owner, repo: repo.repo, token: auth.token });
  };
  const definitions = o.definitions ?? (async (repo: RepoRef, sha: string) => loadDefinitions({ url: await cloneUrl(repo), sha, appRoot, sandbox }));
  const log = o.log ?? (() => {});
  const request = github.app.octokit.request as unknown as AppRequest;
  const sweepLimits = o.redelivery === false ? undefined : o.redelivery;
  let worker: WorkerKeeper | undefined;
  let connection: NativeConnection | undefined;
  if (role !== 'server') {
    const activities = {
      ...createGitHubActivities({ github }),
      ...createFlowopsActivities({
        environments,
        definitions,
        inHistory: o.inHistory ?? ((repo, sha, head) => commitInHistory(github, repo, sha, head)),
        policy: async (repo, p) => evaluatePolicyAt({ ...p, url: await cloneUrl(repo), appRoot, sandbox }),
        ...(o.uiBase ? { uiBase: o.uiBase } : {}),
      }),
      ...createScheduleActivities({ client: system.client, taskQueue: o.config.taskQueue }),
      ...createRedeliveryActivities({ request, ...(sweepLimits ? { limits: sweepLimits } : {}), log }),
    };
    connection = await NativeConnection.connect(system.connectionOptions as Parameters<typeof NativeConnection.connect>[0]);
    const workerConnection = connection;
    // The same data converter as the clients that start the App's workflows (encrypted when the
    // App's environment has codec keys: payloads, failure messages and stack traces).
    const create = () =>
      createAppWorker({
        connection: workerConnection,
        namespace: system.env.namespace,
        taskQueue: o.config.taskQueue,
        activities,
        identity: `flowops-github-app-${role}@${process.pid}`,
        dataConverter: system.dataConverter,
      });
    worker = await keepWorker({ create, log, ...o.keeper });
    if (o.redelivery !== false) {
      // Temporal runs the sweep every few minutes; one Schedule per task queue, whoever creates it first.
      await ensureRedeliverySchedule(system.client, o.config.taskQueue, sweepLimits?.every).catch((err: unknown) =>
        log({ msg: 'could not create the redelivery Schedule', error: err instanceof Error ? err.message : String(err) }),
      );
    }
  }
  const server =
    role === 'worker'
      ? undefined
      : await startWebhookServer({
          secret: o.config.webhookSecret,
          maxBodyBytes: o.config.maxBodyBytes,
          port: o.config.port,
          ...(o.host ? { host: o.host } : {}),
          ...(o.config.maxConnections ? { limits: { maxConnections: o.config.maxConnections } } : {}),
          start: temporalStarter(system.client, o.config.taskQueue),
          health: () => worker?.health() ?? { ok: true, worker: 'elsewhere' },
          botLogin: () => github.botLogin(),
          log,
        });
  if (server) {
    void github.botLogin().catch(() => undefined); // warm the cache off the webhook path
    // What failed while this App was down or Temporal was unreachable, asked for again now.
    if (o.redelivery !== false)
      void sweepFailedDeliveries({ request, ...(sweepLimits ? { limits: sweepLimits } : {}), log }).catch((err: unknown) =>
        log({ msg: 'redelivery sweep failed', error: err instanceof Error ? err.message : String(err) }),
      );
  }
  return {
    url: server?.url ?? '',
    server,
    worker,
    environments,
    async close() {
      await server?.close();
      await worker?.stop();
      await connection?.close();
      await environments.close();
    },
  };
}
