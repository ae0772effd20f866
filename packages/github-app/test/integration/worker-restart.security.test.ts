/**
 * Issue 9, finding 4, with a real Temporal worker: when the App's worker stops polling, `/healthz`
 * answers 503 with the reason (no more "200 while nothing is processed"), the App starts a new
 * worker in process, healthz is 200 again and the next webhook's work is done.
 */
import { FlowopsConfig } from '@flowops/sdk';
import { testTemporalAddress, waitFor } from '@flowops/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/app';
import { type FakeGitHub, type FakeRepo, pullRequestEvent, startFakeGitHub } from '@flowops/testing-github';
import { signPayload } from '../../src/webhooks/signature';

const SECRET = 'restart-secret';
const ref = { owner: 'acme', repo: 'restart', installationId: 15 };

let gh: FakeGitHub;
let repo: FakeRepo;
let app: RunningApp;
const logs: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  gh = await startFakeGitHub();
  repo = gh.state.addRepo(ref.owner, ref.repo, ref.installationId);
  app = await startApp({
    config: {
      appId: gh.appId,
      privateKey: gh.privateKeyPem!,
      webhookSecret: SECRET,
      apiUrl: gh.url,
      port: 0,
      environment: 'local',
      taskQueue: `flowops-github-restart-${process.pid}`,
      maxBodyBytes: 1_000_000,
      cloneUrl: 'file:///nonexistent',
    },
    role: 'all',
    flowops: FlowopsConfig.parse({ environments: { local: { namespace: 'default' } } }),
    localAddress: testTemporalAddress(),
    host: '127.0.0.1',
    redelivery: false,
    keeper: { minBackoffMs: 1500, checkEveryMs: 100 },
    log: (e) => logs.push(e),
  });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await gh?.close();
});

async function health(): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${app.url}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function forkPr(pr: number, sha: string): Promise<Response> {
  gh.state.addPull(repo, pr, { headSha: sha, headRef: 'patch', baseRef: 'main', headRepo: 'mallory/restart' });
  const body = JSON.stringify(pullRequestEvent({ ...ref, action: 'opened', number: pr, headSha: sha, headRepo: 'mallory/restart' }));
  return fetch(`${app.url}/webhooks`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'pull_request',
      'x-github-delivery': `restart-${pr}`,
      'x-hub-signature-256': signPayload(SECRET, body),
    },
  });
}
const noteOn = (pr: number) => [...repo.comments.values()].find((c) => c.issueNumber === pr && c.body.includes('no automatic dry-run'));

describe('the App keeps its worker polling', () => {
  it('healthz is 503 while the worker is not polling, the worker is restarted, and work is done again', { timeout: 120_000 }, async () => {
    expect(await health()).toMatchObject({ status: 200, body: { ok: true, worker: 'RUNNING' } });
    const first = app.worker!.current!;
    first.shutdown(); // what a stray shutdown signal does to a Temporal worker
    let seen: { status: number; body: Record<string, unknown> } | undefined;
    for (let i = 0; i < 50 && seen?.status !== 503; i++) {
      seen = await health();
      if (seen.status !== 503) await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen).toMatchObject({ status: 503, body: { ok: false, code: 'FLOW_APP_UNHEALTHY', reason: expect.stringContaining('not polling') } });

    await waitFor('a new worker', () => app.worker!.restarts === 1 && app.worker!.current !== first && app.worker!.current?.getState() === 'RUNNING', {
      timeoutMs: 60_000,
    });
    expect(await health()).toMatchObject({ status: 200, body: { ok: true, restarts: 1 } });
    expect(logs.some((l) => l.msg === 'worker restarted')).toBe(true);
    expect((await forkPr(21, `${process.pid.toString(16)}${Date.now().toString(16)}`.padEnd(40, 'e'))).status).toBe(202); // a new workflow id per run
    await waitFor('the fork note written by the new worker', () => noteOn(21), { timeoutMs: 60_000 });
  });
});
