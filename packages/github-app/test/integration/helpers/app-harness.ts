/**
 * Pieces every end-to-end test of the App repeats: git in a throwaway repository, the App's
 * configuration against the fake GitHub and a local bare repository, and signed webhook deliveries.
 */
import { execFileSync } from 'node:child_process';
import logPlugin from '@flowops/plugin-log/worker';
import { SecretResolver, StaticSecretProvider, createFlowopsWorker } from '@flowops/runtime';
import type { NativeConnection } from '@temporalio/worker';
import type { AppConfig } from '../../../src/config';
import type { FakeGitHub } from '@flowops/testing-github';
import { signPayload } from '../../../src/webhooks/signature';

/** Runs git in `cwd` with a fixed author; returns its trimmed stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' },
  }).trim();
}

/** The App's configuration for a test: the fake GitHub's App, any free port, the `local` environment. */
export function testAppConfig(o: { gh: FakeGitHub; secret: string; taskQueue: string; bareRepo: string }): AppConfig {
  return {
    appId: o.gh.appId,
    privateKey: o.gh.privateKeyPem!,
    webhookSecret: o.secret,
    apiUrl: o.gh.url,
    port: 0,
    environment: 'local',
    taskQueue: o.taskQueue,
    maxBodyBytes: 1_000_000,
    cloneUrl: `file://${o.bareRepo}`,
  };
}

/** POSTs `payload` to the App's `/webhooks` as GitHub does, signed with `secret`. */
export function deliverSigned(appUrl: string, secret: string, event: string, payload: unknown, delivery: string): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(`${appUrl}/webhooks`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': delivery, 'x-hub-signature-256': signPayload(secret, body) },
  });
}

/** A running flowops worker with the log plugin; `stop` shuts it down and waits for it. */
export interface RunWorker {
  stop(): Promise<void>;
}

/**
 * The run worker the App's `/flowops run` starts runs on: a flowops worker in `namespace` on
 * `taskQueue` with the log plugin and no secrets (the connection stays the caller's).
 */
export async function startRunWorker(connection: NativeConnection, namespace: string, taskQueue: string): Promise<RunWorker> {
  const { worker } = await createFlowopsWorker({
    connection,
    namespace,
    taskQueue,
    plugins: [logPlugin],
    secrets: new SecretResolver({ providers: { env: new StaticSecretProvider({}) } }),
  });
  const done = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await done.catch(() => undefined);
    },
  };
}
