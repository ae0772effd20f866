/**
 * `/flowops skip` end to end: the real App (webhook server + system worker), the fake GitHub, a
 * Temporal dev server and a staging worker whose run has an `allowSkip` step failing for good
 * against a 127.0.0.1 server. A reader is refused; a writer's skip of a step that is not waiting
 * gets FLOW_STEP_NOT_WAITING and changes nothing; the writer's skip of the waiting step resumes
 * the run with the fallback output and is recorded on the step as `github:<login>` with the reason.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import httpPlugin from '@flowops/plugin-http/worker';
import logPlugin from '@flowops/plugin-log/worker';
import { SecretResolver, StaticSecretProvider, createFlowopsWorker, progressQuery, startRun } from '@flowops/runtime';
import { FlowopsConfig } from '@flowops/sdk';
import { testIr } from '@flowops/testing';
import { type FakeGitHub, type FakeRepo, issueCommentEvent, startFakeGitHub } from '@flowops/testing-github';
import { testTemporalAddress, waitFor } from '@flowops/testing/vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/app';
import { signPayload } from '../../src/webhooks/signature';

const SECRET = 'skip-secret';
const RUN_QUEUE = `flowops-it-skip-${process.pid}`;
const APP_QUEUE = `flowops-github-skip-${process.pid}`;
const RUN = Date.now().toString(36); // repository and delivery ids unique per test run (a reused dev server remembers the App's workflows)
const ref = { owner: 'acme', repo: `flows-${RUN}`, installationId: 7 };

let gh: FakeGitHub;
let repo: FakeRepo;
let app: RunningApp;
let runWorker: Worker;
let runWorkerDone: Promise<void>;
let native: NativeConnection;
let staging: Client;
let server: Server;
let dir: string;

function git(cwd: string, ...args: string[]): string {
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' };
  return execFileSync('git', args, { cwd, encoding: 'utf8', env }).trim();
}

const botComments = () => [...repo.comments.values()].filter((c) => c.issueNumber === 12 && c.user.login === 'flowops[bot]');

async function comment(login: string, body: string, delivery: string) {
  const before = botComments().length;
  const c = gh.state.addComment(repo, 12, login, body);
  const payload = JSON.stringify(issueCommentEvent({ ...ref, number: 12, commentId: c.id, body, login }));
  const res = await fetch(`${app.url}/webhooks`, {
    method: 'POST',
    body: payload,
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'issue_comment',
      'x-github-delivery': `${delivery}-${RUN}`,
      'x-hub-signature-256': signPayload(SECRET, payload),
    },
  });
  expect(res.status).toBe(202);
  return waitFor(`the reply to ${login}`, () =>
    botComments()
      .slice(before)
      .find((b) => b.body.startsWith(`@${login} `)),
  );
}

beforeAll(async () => {
  const address = testTemporalAddress();
  server = createServer((_req, res) => res.writeHead(503).end('{"error":"down"}'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  dir = mkdtempSync(join(tmpdir(), 'flowops-gh-skip-'));
  const work = join(dir, 'work');
  mkdirSync(join(work, 'workflows'), { recursive: true });
  writeFileSync(join(work, 'README.md'), 'flows\n');
  git(work, 'init', '-q', '-b', 'main');
  git(work, 'add', '.');
  git(work, 'commit', '-qm', 'init');
  const headSha = git(work, 'rev-parse', 'HEAD');
  git(dir, 'clone', '-q', '--bare', work, 'flows.git');
  gh = await startFakeGitHub();
  repo = gh.state.addRepo('acme', ref.repo, 7);
  gh.state.addPull(repo, 12, { headSha, headRef: 'feature', baseRef: 'main', headRepo: `acme/${ref.repo}`, author: 'wes' });
  repo.collaborators.set('wes', 'write');
  repo.collaborators.set('rae', 'read');
  const flowops = FlowopsConfig.parse({
    environments: { local: { namespace: 'default' }, staging: { address, namespace: 'staging', taskQueue: RUN_QUEUE, uiUrl: 'http://localhost:8233' } },
  });
  native = await NativeConnection.connect({ address });
  runWorker = (
    await createFlowopsWorker({
      connection: native,
      namespace: 'staging',
      taskQueue: RUN_QUEUE,
      plugins: [httpPlugin, logPlugin],
      secrets: new SecretResolver({ providers: { env: new StaticSecretProvider({}) } }),
    })
  ).worker;
  runWorkerDone = runWorker.run();
  app = await startApp({
    config: {
      appId: gh.appId,
      privateKey: gh.privateKeyPem!,
      webhookSecret: SECRET,
      apiUrl: gh.url,
      port: 0,
      environment: 'local',
      taskQueue: APP_QUEUE,
      maxBodyBytes: 1_000_000,
      cloneUrl: `file://${join(dir, 'flows.git')}`,
    },
    flowops,
    localAddress: address,
    appRoot: resolve(__dirname, '../../../..'),
    host: '127.0.0.1',
  });
  staging = new Client({ connection: await Connection.connect({ address }), namespace: 'staging' });
});

afterAll(async () => {
  await app?.close();
  runWorker?.shutdown();
  await runWorkerDone?.catch(() => undefined);
  await native?.close();
  await staging?.connection.close();
  await gh?.close();
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('/flowops skip: readers are refused, a step that is not waiting is FLOW_STEP_NOT_WAITING, the waiting step is skipped and audited', {
  timeout: 240_000,
}, async () => {
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ir = testIr({
    name: 'gh-skip',
    steps: [
      {
        id: 'load',
        type: 'action',
        uses: 'http.request@1',
        effect: 'write',
        with: { method: 'POST', url: `${base}/load` },
        retry: { maxAttempts: 2, backoff: 'fixed', initialInterval: '100ms' },
        allowSkip: true,
        fallbackOutput: { loaded: 'by hand' },
      },
      { id: 'report', type: 'action', uses: 'log.write@1', effect: 'read', with: { message: 'done' } },
    ],
    output: { loaded: '{{ steps.load.output.loaded }}' },
  });
  const started = await startRun({ client: staging, ir, input: {}, env: {}, taskQueue: RUN_QUEUE });
  const id = started.workflowId;
  for (let i = 0; i < 300 && !(await started.handle.query(progressQuery)).waitingSkips?.includes('load'); i++) await new Promise((r) => setTimeout(r, 200));
  expect((await started.handle.query(progressQuery)).waitingSkips).toEqual(['load']);

  const rae = await comment('rae', `/flowops skip ${id} load --reason "please"`, 'skip-rae');
  expect(rae.body).toMatch(/@rae 🚫[\s\S]*has read access[\s\S]*`\/flowops skip` needs write access/);

  const early = await comment('wes', `/flowops skip ${id} report --reason "not needed"`, 'skip-wes-1');
  expect(early.body).toMatch(/@wes 🚫[\s\S]*Step "report" has not run yet[\s\S]*steps waiting for a skip: load[\s\S]*\[FLOW_STEP_NOT_WAITING\]/);
  expect((await started.handle.query(progressQuery)).waitingSkips).toEqual(['load']);

  const ok = await comment('wes', `/flowops skip ${id} load --reason "partner API down; loaded by hand"`, 'skip-wes-2');
  expect(ok.body).toContain(`@wes ⏭️ skipped step \`load\` of [${id}](http://localhost:8233/namespaces/staging/workflows/${id}/history) on **staging**`);
  const result = (await started.handle.result()) as { output: unknown; steps: { step: string; status: string; reason?: string }[] };
  expect(result.output).toEqual({ loaded: 'by hand' });
  expect(result.steps.find((s) => s.step === 'load')).toMatchObject({ status: 'skipped', reason: 'skipped by github:wes: partner API down; loaded by hand' });
});
