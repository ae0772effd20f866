/**
 * Issue 9, findings 2 and 3 and the smaller ones of 10, against the real App (webhook server +
 * system worker in this process), a Temporal dev server, a local bare repository and the fake GitHub:
 * - `/flowops help` by a read-only user never compiles the pull request's head: it lists the
 *   default branch's workflows (a PR head that adds `evil` and a module that throws at load).
 * - the pollution comment (`__proto__.GIT_CONFIG_*`, `__proto__.NODE_OPTIONS`) through a signed
 *   webhook is refused; `Object.prototype` stays clean and the next clone runs no fsmonitor command.
 * - `production-eu` marked `protected: true` runs only published definitions, for its runners.
 * - fork PRs: `run` is refused, `dry-run` by a writer compiles the head.
 * - `check_run rerequested` redelivered under new delivery ids starts one rerun.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FlowopsConfig } from '@flowops/sdk';
import { testTemporalAddress, waitFor } from '@flowops/testing/vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/app';
import { type FakeGitHub, type FakeRepo, checkRunRerequestedEvent, issueCommentEvent, startFakeGitHub } from '@flowops/testing-github';
import { deliverSigned, git, testAppConfig, type RunWorker, startRunWorker } from './helpers/app-harness';

const SECRET = 'security-secret';
const RUN_QUEUE = `flowops-sec-gh-${process.pid}`;
const APP_QUEUE = `flowops-github-sec-${process.pid}`;
const ref = { owner: 'acme', repo: 'guarded', installationId: 9 };
const POLLUTED = ['GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0', 'NODE_OPTIONS'];

let gh: FakeGitHub;
let repo: FakeRepo;
let app: RunningApp;
let runWorker: RunWorker | undefined;
let native: NativeConnection;
let client: Client;
let dir: string;
let work: string;
let mainSha: string;
let prSha: string;

const workflowYaml = (name: string, message: string) => `name: ${name}
owner: "@acme/sre"
defaults: { retry: { maxAttempts: 1 }, timeout: 30s }
input:
  type: object
  properties:
    who: { type: string }
steps:
  - id: greet
    uses: log.write@1
    with:
      message: "${message} {{ input.who }}"
`;

function addWorkflow(name: string, message: string): void {
  mkdirSync(join(work, 'workflows', name), { recursive: true });
  writeFileSync(join(work, 'workflows', name, 'workflow.yaml'), workflowYaml(name, message));
  writeFileSync(join(work, 'workflows', name, 'package.json'), JSON.stringify({ name: `@sec/${name}`, version: '1.0.0', private: true }));
}

const deliver = (event: string, payload: unknown, delivery: string) => deliverSigned(app.url, SECRET, event, payload, delivery);

const botComments = (issue: number) => [...repo.comments.values()].filter((c) => c.issueNumber === issue && c.user.login === 'flowops[bot]');
let deliveries = 0;
async function say(login: string, body: string, issue: number) {
  const c = gh.state.addComment(repo, issue, login, body);
  const res = await deliver('issue_comment', issueCommentEvent({ ...ref, number: issue, commentId: c.id, body, login }), `sec-${deliveries++}`);
  expect(res.status).toBe(202);
  return c;
}

beforeAll(async () => {
  const address = testTemporalAddress();
  dir = mkdtempSync(join(tmpdir(), 'flowops-gh-sec-'));
  work = join(dir, 'work');
  addWorkflow('hello', 'hello');
  git(work, 'init', '-q', '-b', 'main');
  git(work, 'add', '.');
  git(work, 'commit', '-qm', 'hello');
  mainSha = git(work, 'rev-parse', 'HEAD');
  // The PR head: a new workflow, and a module that throws as soon as anything loads it.
  git(work, 'checkout', '-q', '-b', 'evil');
  addWorkflow('evil', 'evil');
  mkdirSync(join(work, 'workflows', 'boom'), { recursive: true });
  writeFileSync(join(work, 'workflows', 'boom', 'package.json'), JSON.stringify({ name: '@sec/boom', version: '1.0.0', private: true }));
  writeFileSync(join(work, 'workflows', 'boom', 'workflow.ts'), "throw new Error('the PR head was loaded');\n");
  git(work, 'add', '.');
  git(work, 'commit', '-qm', 'evil');
  prSha = git(work, 'rev-parse', 'HEAD');
  git(work, 'checkout', '-q', 'main');
  git(dir, 'clone', '-q', '--bare', work, 'guarded.git');
  git(join(dir, 'guarded.git'), 'fetch', '-q', work, 'evil:evil');

  gh = await startFakeGitHub();
  repo = gh.state.addRepo('acme', 'guarded', 9);
  gh.state.addPull(repo, 21, { headSha: prSha, headRef: 'evil', baseRef: 'main', headRepo: 'acme/guarded', author: 'wes' });
  gh.state.addPull(repo, 22, { headSha: prSha, headRef: 'evil', baseRef: 'main', headRepo: 'mallory/guarded', author: 'mallory' });
  for (const [login, role] of [
    ['ada', 'admin'],
    ['wes', 'write'],
    ['rae', 'read'],
  ] as const)
    repo.collaborators.set(login, role);
  gh.state.teams.set('acme/sre', new Set(['ada']));

  const flowops = FlowopsConfig.parse({
    environments: {
      local: { namespace: 'default' },
      staging: { address, namespace: 'staging', taskQueue: RUN_QUEUE },
      'production-eu': { address, namespace: 'production', taskQueue: RUN_QUEUE, protected: true, runners: ['@acme/sre'] },
    },
  });
  native = await NativeConnection.connect({ address });
  runWorker = await startRunWorker(native, 'staging', RUN_QUEUE);
  app = await startApp({
    config: testAppConfig({ gh, secret: SECRET, taskQueue: APP_QUEUE, bareRepo: join(dir, 'guarded.git') }),
    flowops,
    localAddress: address,
    appRoot: resolve(__dirname, '../../../..'),
    host: '127.0.0.1',
  });
  client = new Client({ connection: await Connection.connect({ address }), namespace: 'default' });
});

afterAll(async () => {
  for (const k of POLLUTED) delete (Object.prototype as Record<string, unknown>)[k];
  await app?.close();
  await runWorker?.stop();
  await native?.close();
  await client?.connection.close();
  await gh?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('comment commands never compile a PR head below write access, and never touch prototypes', () => {
  it('/flowops help by a read-only user lists the default branch; a writer’s dry-run does compile the head', { timeout: 180_000 }, async () => {
    await say('rae', '/flowops help', 21);
    const help = await waitFor('help reply', () => botComments(21).find((b) => b.body.includes('@rae flowops commands')), { timeoutMs: 120_000 });
    expect(help.body).toMatch(/\| hello \| 1\.0\.0 \|/);
    expect(help.body).not.toMatch(/evil|boom|the PR head was loaded/);
    // Control: the head is different and loadable — a writer's explicit dry-run compiles it.
    await say('wes', '/flowops dry-run evil who=x', 21);
    const ran = await waitFor('dry-run reply', () => botComments(21).find((b) => b.body.includes('@wes') && b.body.includes('evil')), { timeoutMs: 150_000 });
    expect(ran.body).toMatch(/`dry-run evil@1\.0\.0` on \*\*staging\*\* succeeded/);
  });

  it('fork PRs: a writer’s run is refused (dry-run is the way); no access, no help', { timeout: 150_000 }, async () => {
    await say('wes', '/flowops run evil who=x', 22);
    await waitFor('fork run refused', () => botComments(22).find((b) => /@wes 🚫[\s\S]*does not run code from a fork/.test(b.body)), { timeoutMs: 120_000 });
    await say('mallory', '/flowops help', 22);
    await waitFor('no access', () => botComments(22).find((b) => /@mallory 🚫[\s\S]*no access/.test(b.body)));
  });

  it('the pollution comment is refused; Object.prototype is clean and the next clone runs nothing', { timeout: 180_000 }, async () => {
    const marker = join(dir, 'fsmonitor-ran');
    const body = [
      `/flowops run hello who=x __proto__.GIT_CONFIG_COUNT=1 __proto__.GIT_CONFIG_KEY_0=core.fsmonitor "__proto__.GIT_CONFIG_VALUE_0=touch ${marker}; false"`,
      `/flowops dry-run hello who=x "__proto__.NODE_OPTIONS=--require=${join(dir, 'evil.js')}"`,
    ].join('\n');
    await say('wes', body, 21);
    const refusals = await waitFor(
      'two refusals',
      () => {
        const r = botComments(21).filter((b) => b.body.includes('__proto__'));
        return r.length === 2 ? r : undefined;
      },
      { timeoutMs: 120_000 },
    );
    for (const r of refusals) expect(r.body).toMatch(/@wes 🚫[\s\S]*uses "__proto__", which is never an input name[\s\S]*To fix[\s\S]*FLOW_INVALID_INPUT/);
    const proto = Object.prototype as Record<string, unknown>;
    for (const k of POLLUTED) expect(proto[k], k).toBeUndefined();
    // A new default-branch commit: the next help clones again (git fetch + checkout run fsmonitor if configured).
    addWorkflow('later', 'later');
    git(work, 'add', '.');
    git(work, 'commit', '-qm', 'later');
    git(work, 'push', '-q', join(dir, 'guarded.git'), 'main');
    await say('rae', '/flowops help', 21);
    await waitFor('help after the push', () => botComments(21).find((b) => b.body.includes('@rae flowops commands') && b.body.includes('| later |')), {
      timeoutMs: 120_000,
    });
    expect(existsSync(marker)).toBe(false);
  });

  it('production-eu marked protected runs only published definitions, and only for its runners', { timeout: 150_000 }, async () => {
    await say('wes', '/flowops run hello --env production-eu who=x', 21);
    await say('ada', '/flowops run evil --env production-eu who=x', 21);
    await waitFor('not a runner', () => botComments(21).find((b) => /@wes 🚫[\s\S]*not among the runners of production-eu/.test(b.body)), {
      timeoutMs: 120_000,
    });
    // `evil` exists only at the PR head: a protected environment never takes it from there.
    await waitFor('published only', () => botComments(21).find((b) => /@ada 🚫[\s\S]*evil[\s\S]*never been published/.test(b.body)), { timeoutMs: 120_000 });
  });

  it('check_run rerequested: redeliveries and repeated clicks under new delivery ids start one rerun', { timeout: 150_000 }, async () => {
    const checkRunId = 4242;
    const answers: number[] = [];
    for (const d of ['rr-a', 'rr-b', 'rr-c'])
      answers.push((await deliver('check_run', checkRunRerequestedEvent({ ...ref, headSha: mainSha, pullNumbers: [], checkRunId }), d)).status);
    expect(answers[0]).toBe(202);
    expect(answers.every((s) => s === 200 || s === 202)).toBe(true); // 200: a duplicate of the first
    const list = async () => {
      const ids: string[] = [];
      for await (const w of client.workflow.list({ query: `WorkflowId STARTS_WITH 'gh-rerun-acme-guarded-${checkRunId}-'` })) ids.push(w.workflowId);
      return ids;
    };
    let ids: string[] = [];
    for (let i = 0; i < 50 && ids.length === 0; i++) {
      ids = await list();
      if (ids.length === 0) await new Promise((r) => setTimeout(r, 300));
    }
    await new Promise((r) => setTimeout(r, 1500));
    ids = await list();
    expect(ids).toEqual([`gh-rerun-acme-guarded-${checkRunId}-${mainSha}`]);
  });
});
