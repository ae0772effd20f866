/**
 * The App split as `flowops app` runs it by default: a webhook-only `server` role that starts
 * workflows and a separate `worker` role that runs them (here two `startApp` instances against
 * the Temporal dev server of the global setup and the fake GitHub).
 */
import { FlowopsConfig } from '@flowops/sdk';
import { testTemporalAddress } from '@flowops/testing/vitest';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppOptions, type RunningApp, startApp } from '../../src/app';
import { type FakeGitHub, type FakeRepo, pullRequestEvent, startFakeGitHub } from '@flowops/testing-github';
import { signPayload } from '../../src/webhooks/signature';

const SECRET = 'split-secret';
const APP_QUEUE = `flowops-github-split-${process.pid}`;
const ref = { owner: 'acme', repo: 'split', installationId: 9 };
const sha = 'c'.repeat(40);

let gh: FakeGitHub;
let repo: FakeRepo;
let server: RunningApp;
let worker: RunningApp | undefined;
let client: Client;
let options: AppOptions;

beforeAll(async () => {
  const address = testTemporalAddress();
  gh = await startFakeGitHub();
  repo = gh.state.addRepo(ref.owner, ref.repo, ref.installationId);
  gh.state.addPull(repo, 5, { headSha: sha, headRef: 'feature', baseRef: 'main', headRepo: 'acme/split', author: 'wes' });
  repo.collaborators.set('wes', 'write');
  options = {
    config: {
      appId: gh.appId,
      privateKey: gh.privateKeyPem!,
      webhookSecret: SECRET,
      apiUrl: gh.url,
      port: 0,
      environment: 'local',
      taskQueue: APP_QUEUE,
      maxBodyBytes: 1_000_000,
      cloneUrl: 'file:///nonexistent',
    },
    flowops: FlowopsConfig.parse({ environments: { local: { namespace: 'default' } } }),
    localAddress: address,
    host: '127.0.0.1',
  };
  server = await startApp({ ...options, role: 'server' });
  client = new Client({ connection: await Connection.connect({ address }), namespace: 'default' });
});

afterAll(async () => {
  await server?.close();
  await worker?.close();
  await client?.connection.close();
  await gh?.close();
});

describe('server and worker roles', () => {
  it('the server role only starts workflows; the worker role runs them', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const body = JSON.stringify(pullRequestEvent({ ...ref, action: 'synchronize', number: 5, headSha: sha, author: 'wes' }));
    const res = await fetch(`${server.url}/webhooks`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'pull_request',
        'x-github-delivery': 'split-1',
        'x-hub-signature-256': signPayload(SECRET, body),
      },
    });
    expect(res.status).toBe(202);
    const { workflowId } = (await res.json()) as { workflowId: string };
    // No worker polls the queue yet: the workflow is accepted but nothing reaches GitHub.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await client.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
    expect([...repo.checkRuns.values()].filter((r) => r.headSha === sha)).toHaveLength(0);

    worker = await startApp({ ...options, role: 'worker' });
    expect(worker.url).toBe('');
    expect(worker.server).toBeUndefined();
    await client.workflow.getHandle(workflowId).result();
    // The clone URL leads nowhere: the check says the commit could not be read (neutral), no spinner.
    const check = [...repo.checkRuns.values()].find((r) => r.headSha === sha && r.name === 'flowops');
    expect(check).toMatchObject({ status: 'completed', conclusion: 'neutral' });
    expect(check?.output.title).toBe('flowops could not read this commit');
  }, 90_000);
});
