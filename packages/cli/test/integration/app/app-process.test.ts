/**
 * `flowops app` as operators run it: the real binary (config from the environment and
 * flowops.config.ts) with its default role `all` — the webhook server and the App's worker in one
 * stateless process — against the fake GitHub and the dev server of the global setup: healthz
 * reports the polling worker, a forged signature is 401, a signed webhook is handled, a body over
 * the cap is 413, SIGTERM exits 0. (A worker that stops polling is covered in process by
 * github-app's worker-restart test: nothing outside the process can stop this one's worker,
 * since the App turns the Temporal Runtime's own signal handling off.)
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { type FakeGitHub, type FakeRepo, pullRequestEvent, startFakeGitHub } from '@flowops/testing-github';
import { signPayload } from '@flowops/github-app';
import { testTemporalAddress, waitFor as waitUntil } from '@flowops/testing/vitest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BIN, type FlowRepo, flowRepo } from '../gitops/repo';

const SECRET = 'process-secret';
const ref = { owner: 'acme', repo: 'proc', installationId: 11 };
const CONFIG = `import { defineConfig } from '@flowops/sdk';
export default defineConfig({ environments: { local: {} } });
`;

let gh: FakeGitHub;
let repo: FakeRepo;
let flows: FlowRepo;
let app: ChildProcess | undefined;
let stderr = '';

const waitFor = <T>(what: string, probe: () => T | undefined | null | false, timeoutMs?: number) =>
  waitUntil(what, probe, { ...(timeoutMs ? { timeoutMs } : {}), context: () => `app stderr:\n${stderr.slice(-3000)}` });

function forkPullRequest(url: string, pr: number, sha: string) {
  gh.state.addPull(repo, pr, { headSha: sha, headRef: 'patch', baseRef: 'main', headRepo: 'mallory/proc' });
  const body = JSON.stringify(pullRequestEvent({ ...ref, action: 'opened', number: pr, headSha: sha, headRepo: 'mallory/proc' }));
  return fetch(`${url}/webhooks`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'pull_request',
      'x-github-delivery': `proc-${pr}`,
      'x-hub-signature-256': signPayload(SECRET, body),
    },
  });
}

const stickyOn = (pr: number) => [...repo.comments.values()].find((c) => c.issueNumber === pr && c.body.includes('no automatic dry-run'));

beforeAll(async () => {
  gh = await startFakeGitHub();
  repo = gh.state.addRepo(ref.owner, ref.repo, ref.installationId);
  flows = flowRepo(`app-process-${process.pid}`);
  flows.write({ 'flowops.config.ts': CONFIG, 'package.json': '{ "private": true, "type": "module" }\n' });
});

afterAll(async () => {
  if (app?.exitCode === null) app.kill('SIGKILL');
  await gh?.close();
  flows?.[Symbol.dispose]();
});

describe('flowops app (the real process)', () => {
  test('serves signed webhooks with its worker in process, and exits 0 on SIGTERM', { timeout: 240_000 }, async () => {
    app = spawn(process.execPath, [BIN, 'app', '--port', '0', '--host', '127.0.0.1'], {
      cwd: flows.dir,
      env: {
        ...process.env,
        FLOWOPS_GITHUB_APP_ID: String(gh.appId),
        FLOWOPS_GITHUB_PRIVATE_KEY: gh.privateKeyPem!,
        FLOWOPS_WEBHOOK_SECRET: SECRET,
        GITHUB_API_URL: gh.url,
        FLOWOPS_ENV: 'local',
        FLOWOPS_TEMPORAL_ADDRESS: testTemporalAddress(),
        FLOWOPS_GITHUB_TASK_QUEUE: `flowops-github-proc-${process.pid}`,
        FLOWOPS_GITHUB_CLONE_URL: 'file:///nonexistent/{owner}/{repo}.git',
        FLOWOPS_WEBHOOK_MAX_BYTES: '65536',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    app.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    const banner = (await waitFor(
      'the listening banner',
      () => /flowops app listening on (http:\/\/127\.0\.0\.1:\d+) .*role all; worker: in process\)/.exec(stderr),
      120_000,
    )) as RegExpExecArray;
    const url = banner[1]!;
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, worker: 'RUNNING' });

    // The secret is checked by the real process: a wrong one is refused, with a code.
    const forged = await fetch(`${url}/webhooks`, {
      method: 'POST',
      body: '{}',
      headers: { 'x-github-event': 'ping', 'x-github-delivery': 'forged', 'x-hub-signature-256': signPayload('wrong', '{}') },
    });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ code: 'FLOW_WEBHOOK_SIGNATURE' });
    // FLOWOPS_WEBHOOK_MAX_BYTES is the cap.
    const big = JSON.stringify({ pad: 'x'.repeat(70_000) });
    const tooBig = await fetch(`${url}/webhooks`, {
      method: 'POST',
      body: big,
      headers: { 'x-github-event': 'ping', 'x-github-delivery': 'big', 'x-hub-signature-256': signPayload(SECRET, big) },
    });
    expect(tooBig.status).toBe(413);

    // A signed webhook: 202 once Temporal accepted the start; the in-process worker does the work.
    const accepted = await forkPullRequest(url, 7, 'a'.repeat(40));
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toMatchObject({ started: true });
    await waitFor('the fork note from the worker', () => stickyOn(7));
    // The start-up redelivery sweep listed the App's deliveries with its JWT.
    expect(gh.requests.some((r) => r.operationId === 'apps/list-webhook-deliveries' && r.status === 200)).toBe(true);

    // SIGTERM: the server and the worker stop, with exit code 0 and no stack trace.
    const exited = new Promise<number | null>((r) => app!.once('exit', (code) => r(code)));
    app.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test('an unknown --role is a usage error', () => {
    const r = spawnSync(process.execPath, [BIN, 'app', '--role', 'both'], { cwd: flows.dir, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--role "both" is not one of server, worker, all/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
