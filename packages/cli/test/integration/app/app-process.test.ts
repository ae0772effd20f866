/**
 * `flowops app` as operators run it: the real binary (config from the environment and
 * flowops.config.ts), its supervised worker child, the intake journal, the fake GitHub and the
 * dev server of the global setup. A killed worker is restarted; SIGTERM stops both processes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeGitHub, type FakeRepo, pullRequestEvent, startFakeGitHub } from '@flowops/github-app/testing';
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
let journal: string;
let app: ChildProcess | undefined;
let stderr = '';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const waitFor = <T>(what: string, probe: () => T | undefined | null | false, timeoutMs?: number) =>
  waitUntil(what, probe, { ...(timeoutMs ? { timeoutMs } : {}), context: () => `app stderr:\n${stderr.slice(-3000)}` });

function forkPullRequest(url: string, pr: number, sha: string) {
  gh.state.addPull(repo, pr, { headSha: sha, headRef: 'patch', baseRef: 'main', headRepo: 'mallory/proc' });
  const body = JSON.stringify(pullRequestEvent({ ...ref, action: 'opened', number: pr, headSha: sha, headRepo: 'mallory/proc' }));
  return fetch(`${url}/webhooks`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': `proc-${pr}`, 'x-hub-signature-256': signPayload(SECRET, body) },
  });
}

const stickyOn = (pr: number) => [...repo.comments.values()].find((c) => c.issueNumber === pr && c.body.includes('no automatic dry-run'));

beforeAll(async () => {
  gh = await startFakeGitHub();
  repo = gh.state.addRepo(ref.owner, ref.repo, ref.installationId);
  flows = flowRepo(`app-process-${process.pid}`);
  flows.write({ 'flowops.config.ts': CONFIG, 'package.json': '{ "private": true, "type": "module" }\n' });
  journal = mkdtempSync(join(tmpdir(), 'flowops-app-journal-'));
});

afterAll(async () => {
  if (app?.exitCode === null) app.kill('SIGKILL');
  await gh?.close();
  flows?.[Symbol.dispose]();
  rmSync(journal, { recursive: true, force: true });
});

describe('flowops app (the real process)', () => {
  test('serves signed webhooks, restarts a killed worker, and stops both processes on SIGTERM', { timeout: 240_000 }, async () => {
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
        FLOWOPS_APP_JOURNAL_DIR: journal,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    app.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    const banner = (await waitFor('the listening banner', () => /flowops app listening on (http:\/\/127\.0\.0\.1:\d+) .*child process (\d+).*ack: journal in (\S+)\)/.exec(stderr), 120_000)) as RegExpExecArray;
    const [, url, workerPid, journalDir] = banner as unknown as [string, string, string, string];
    expect(journalDir).toBe(journal);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);

    // The secret is checked by the real process: a wrong one is refused.
    const forged = await fetch(`${url}/webhooks`, { method: 'POST', body: '{}', headers: { 'x-github-event': 'ping', 'x-github-delivery': 'forged', 'x-hub-signature-256': signPayload('wrong', '{}') } });
    expect(forged.status).toBe(401);

    expect((await forkPullRequest(url!, 7, 'a'.repeat(40))).status).toBe(202);
    await waitFor('the fork note from the worker child', () => stickyOn(7));

    // Kill the worker child: the supervisor starts a new one, which handles the next webhook.
    process.kill(Number(workerPid), 'SIGKILL');
    await waitFor('worker restart', () => /worker exited; restarting/.test(stderr));
    expect((await forkPullRequest(url!, 8, 'b'.repeat(40))).status).toBe(202);
    await waitFor('the fork note after the restart', () => stickyOn(8));
    const restarted = [...stderr.matchAll(/"msg":"worker started","pid":(\d+)/g)].map((m) => Number(m[1]));
    const current = restarted.at(-1)!;
    expect(current).not.toBe(Number(workerPid));
    expect(alive(current)).toBe(true);

    // SIGTERM: the server and its worker both stop, with exit code 0.
    const exited = new Promise<number | null>((r) => app!.once('exit', (code) => r(code)));
    app.kill('SIGTERM');
    expect(await exited).toBe(0);
    await waitFor('the worker child to be gone', () => !alive(current), 30_000);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace on the way down
  });
});
