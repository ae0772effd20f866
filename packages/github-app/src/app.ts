/**
 * `startApp`: the webhook server, the Temporal client that starts the App's workflows and the
 * system worker that runs them, wired together. `flowops app` calls it once per role: `server`
 * (webhooks only — its event loop never runs activities), `worker` (the Temporal worker only) or
 * `all` (both in one process: tests and small setups).
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
import { type SandboxLimits, sandboxLimitsFromEnv } from './definitions/sandbox';
import { createGitHubClients } from './github/octokit';
import type { RepoRef } from './report/types';
import { createIntake } from './server/intake';
import { type RunningServer, startWebhookServer } from './server/webhook-server';
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
}

export interface RunningApp {
  /** The webhook server's URL ('' for the `worker` role). */
  url: string;
  server: RunningServer | undefined;
  environments: Environments;
  close(): Promise<void>;
}

export async function startApp(o: AppOptions): Promise<RunningApp> {
  const role = o.role ?? 'all';
  // A webhook-only server that journals can start (and accept webhooks) while Temporal is down.
  const environments = new Environments(o.flowops, o.vars ?? process.env, o.localAddress, role === 'server' && o.config.ack === 'journal');
  const system = await environments.get(o.config.environment);
  const github = createGitHubClients({ appId: o.config.appId, privateKey: o.config.privateKey, apiUrl: o.config.apiUrl });
  const appRoot = resolve(o.appRoot ?? process.cwd());
  // Definitions from pull requests are compiled in a sandboxed child process (definitions/sandbox.ts).
  const sandbox = o.sandbox ?? sandboxLimitsFromEnv(o.vars ?? process.env);
  const definitions =
    o.definitions ??
    (async (repo: RepoRef, sha: string) => {
      const api = await github.forRepo(repo);
      const auth = (await api.auth({ type: 'installation' })) as { token: string };
      return loadDefinitions({ url: fillCloneUrl(o.config.cloneUrl, { owner: repo.owner, repo: repo.repo, token: auth.token }), sha, appRoot, sandbox });
    });
  let worker: Awaited<ReturnType<typeof createAppWorker>> | undefined;
  let running: Promise<void> | undefined;
  let connection: NativeConnection | undefined;
  if (role !== 'server') {
    const activities = {
      ...createGitHubActivities({ github }),
      ...createFlowopsActivities({ environments, definitions, ...(o.uiBase ? { uiBase: o.uiBase } : {}) }),
      ...createScheduleActivities({ client: system.client, taskQueue: o.config.taskQueue }),
    };
    connection = await NativeConnection.connect(system.connectionOptions as Parameters<typeof NativeConnection.connect>[0]);
    worker = await createAppWorker({ connection, namespace: system.env.namespace, taskQueue: o.config.taskQueue, activities, identity: `flowops-github-app-${role}@${process.pid}` });
    running = worker.run();
  }
  const intake =
    role === 'worker'
      ? undefined
      : await createIntake({ ack: o.config.ack ?? 'temporal', journalDir: o.config.journalDir, start: temporalStarter(system.client, o.config.taskQueue), ...(o.log ? { log: o.log } : {}) });
  const server =
    intake &&
    (await startWebhookServer({
      secret: o.config.webhookSecret,
      maxBodyBytes: o.config.maxBodyBytes,
      port: o.config.port,
      ...(o.host ? { host: o.host } : {}),
      start: intake.start,
      health: () => ({ ack: intake.ack, pending: intake.pending() }),
      botLogin: () => github.botLogin(),
      ...(o.log ? { log: o.log } : {}),
    }));
  if (server) void github.botLogin().catch(() => undefined); // warm the cache off the webhook path
  return {
    url: server?.url ?? '',
    server,
    environments,
    async close() {
      await server?.close();
      await intake?.close(); // what the pump has not started yet stays journaled for the next start
      // The Temporal Runtime shuts workers down on SIGINT/SIGTERM by itself; shutting down a
      // draining worker again throws, which crashed `flowops app` on Ctrl-C.
      if (worker?.getState() === 'RUNNING') worker.shutdown();
      await running?.catch(() => undefined);
      await connection?.close();
      await environments.close();
    },
  };
}
