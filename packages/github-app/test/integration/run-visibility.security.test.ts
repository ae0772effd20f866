/**
 * Issue 16, item 1: `visibility: private|public` decides whether `/flowops run` is open to every
 * writer or only to the owner team — against the real App (webhook server + system worker in this
 * process), a Temporal dev server, a local bare repository and the fake GitHub (team membership
 * through `GET /orgs/{org}/teams/{team_slug}/memberships/{username}`):
 * - `secret` is `visibility: private`, owner `@acme/sre` on the default branch; the pull request's
 *   head declares it `public`. A writer outside the team is refused with FLOW_RUN_NOT_ALLOWED and
 *   nothing starts: the head's visibility never opens it.
 * - a member of the team runs it; `plain` declares no visibility and stays open to every writer.
 * - on a protected environment visibility comes from the published version: `vault`, published
 *   private and absent from git, is refused to a writer outside the team who is among the runners.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { API_VERSION, Workflow, hashWorkflow } from '@flowops/core';
import { Registry, type RunningSystemWorker, startSystemWorker } from '@flowops/runtime';
import { FlowopsConfig } from '@flowops/sdk';
import { type FakeGitHub, type FakeRepo, issueCommentEvent, startFakeGitHub } from '@flowops/testing-github';
import { testTemporalAddress, waitFor } from '@flowops/testing/vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/app';
import { deliverSigned, git, testAppConfig, type RunWorker, startRunWorker } from './helpers/app-harness';

const SECRET = 'visibility-secret';
const RUN_QUEUE = `flowops-vis-gh-${process.pid}`;
const APP_QUEUE = `flowops-github-vis-${process.pid}`;
const ref = { owner: 'acme', repo: 'private-runs', installationId: 11 };
const PR = 31;
const VAULT = `vault-${process.pid}`;

let gh: FakeGitHub;
let repo: FakeRepo;
let app: RunningApp;
let runWorker: RunWorker | undefined;
let native: NativeConnection;
let staging: Client;
let production: Client;
let system: RunningSystemWorker;
let dir: string;
let work: string;

function addWorkflow(name: string, visibility: string | undefined): void {
  mkdirSync(join(work, 'workflows', name), { recursive: true });
  const yaml = `name: ${name}
owner: "@acme/sre"
${visibility ? `visibility: ${visibility}\n` : ''}defaults: { retry: { maxAttempts: 1 }, timeout: 30s }
input:
  type: object
  properties:
    who: { type: string }
steps:
  - id: greet
    uses: log.write@1
    with:
      message: "${name} {{ input.who }}"
`;
  writeFileSync(join(work, 'workflows', name, 'workflow.yaml'), yaml);
  writeFileSync(join(work, 'workflows', name, 'package.json'), JSON.stringify({ name: `@vis/${name}`, version: '1.0.0', private: true }));
}

const botComments = () => [...repo.comments.values()].filter((c) => c.issueNumber === PR && c.user.login === 'flowops[bot]');
let deliveries = 0;
async function say(login: string, body: string) {
  const c = gh.state.addComment(repo, PR, login, body);
  const res = await deliverSigned(
    app.url,
    SECRET,
    'issue_comment',
    issueCommentEvent({ ...ref, number: PR, commentId: c.id, body, login }),
    `vis-${deliveries++}`,
  );
  expect(res.status).toBe(202);
  return c;
}

/** Runs of `workflow` in staging started for comment `commentId` (the App's run ids end in `gh-<comment>-<i>`). */
async function runsFor(workflow: string, commentId: number): Promise<string[]> {
  const ids: string[] = [];
  for await (const w of staging.workflow.list({ query: `WorkflowId STARTS_WITH 'flowops-${workflow}-'` }))
    if (w.workflowId.endsWith(`-gh-${commentId}-0`)) ids.push(w.workflowId);
  return ids;
}

beforeAll(async () => {
  const address = testTemporalAddress();
  dir = mkdtempSync(join(tmpdir(), 'flowops-gh-vis-'));
  work = join(dir, 'work');
  addWorkflow('secret', 'private');
  addWorkflow('plain', undefined);
  git(work, 'init', '-q', '-b', 'main');
  git(work, 'add', '.');
  git(work, 'commit', '-qm', 'private secret, plain');
  // The PR head tries to open `secret` up to every writer.
  git(work, 'checkout', '-q', '-b', 'open-up');
  addWorkflow('secret', 'public');
  git(work, 'commit', '-qam', 'make secret public');
  const prSha = git(work, 'rev-parse', 'HEAD');
  git(work, 'checkout', '-q', 'main');
  git(dir, 'clone', '-q', '--bare', work, 'private-runs.git');
  git(join(dir, 'private-runs.git'), 'fetch', '-q', work, 'open-up:open-up');

  gh = await startFakeGitHub();
  repo = gh.state.addRepo('acme', 'private-runs', 11);
  gh.state.addPull(repo, PR, { headSha: prSha, headRef: 'open-up', baseRef: 'main', headRepo: 'acme/private-runs', author: 'wes' });
  repo.collaborators.set('wes', 'write');
  repo.collaborators.set('ada', 'write');
  gh.state.teams.set('acme/sre', new Set(['ada']));

  const flowops = FlowopsConfig.parse({
    environments: {
      local: { namespace: 'default' },
      staging: { address, namespace: 'staging', taskQueue: RUN_QUEUE },
      production: { address, namespace: 'production', taskQueue: RUN_QUEUE, protected: true, runners: ['wes', 'ada'] },
    },
  });
  native = await NativeConnection.connect({ address });
  runWorker = await startRunWorker(native, 'staging', RUN_QUEUE);
  app = await startApp({
    config: testAppConfig({ gh, secret: SECRET, taskQueue: APP_QUEUE, bareRepo: join(dir, 'private-runs.git') }),
    flowops,
    localAddress: address,
    appRoot: resolve(__dirname, '../../../..'),
    host: '127.0.0.1',
  });
  staging = new Client({ connection: await Connection.connect({ address }), namespace: 'staging' });
  // `vault` exists only in production's registry (published private), never in git.
  production = new Client({ connection: staging.connection, namespace: 'production' });
  system = await startSystemWorker({ connection: native, namespace: 'production', ephemeral: true });
  const vault = Workflow.parse({
    apiVersion: API_VERSION,
    kind: 'Workflow',
    name: VAULT,
    version: '1.0.0',
    owner: '@acme/sre',
    visibility: 'private',
    input: { type: 'object' },
    steps: [{ id: 'greet', type: 'action', uses: 'log.write@1', effect: 'read', with: { message: 'vault' } }],
  });
  const published = await new Registry(production).publish({ version: '1.0.0', hash: hashWorkflow(vault), ir: vault, meta: { actor: 'test', source: 'cli' } });
  if (!published.ok) throw new Error(published.issues[0]?.message);
});

afterAll(async () => {
  await app?.close();
  await system?.stop();
  await runWorker?.stop();
  await native?.close();
  await staging?.connection.close();
  await gh?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('/flowops run of a visibility: private workflow', () => {
  it('a writer outside the owner team is refused with the code and nothing starts, though the PR head declares it public', { timeout: 180_000 }, async () => {
    const c = await say('wes', '/flowops run secret who=x');
    // Any answer to wes about `secret` (a run reply too), so a run that was let through fails fast.
    const refusal = await waitFor('answer', () => botComments().find((b) => b.body.startsWith('@wes') && b.body.includes('secret')), { timeoutMs: 150_000 });
    expect(refusal.body).toMatch(/secret is `visibility: private`: only its owner @acme\/sre[\s\S]*To fix:[\s\S]*\[FLOW_RUN_NOT_ALLOWED\]/);
    // The membership was asked of GitHub (the fake checks the request against the OpenAPI description).
    await new Promise((r) => setTimeout(r, 1500));
    expect(await runsFor('secret', c.id)).toEqual([]);
  });

  it('a member of the owner team runs it; a workflow with no visibility stays open to every writer', { timeout: 180_000 }, async () => {
    const byAda = await say('ada', '/flowops run secret who=ada');
    const byWes = await say('wes', '/flowops run plain who=wes');
    const ran = await waitFor('ada ran secret', () => botComments().find((b) => b.body.startsWith('@ada') && b.body.includes('secret')), {
      timeoutMs: 150_000,
    });
    expect(ran.body).toMatch(/`run secret@1\.0\.0` on \*\*staging\*\* succeeded/);
    const plain = await waitFor('wes ran plain', () => botComments().find((b) => b.body.startsWith('@wes') && b.body.includes('plain')), {
      timeoutMs: 150_000,
    });
    expect(plain.body).toMatch(/`run plain@1\.0\.0` on \*\*staging\*\* succeeded/);
    expect(await runsFor('secret', byAda.id)).toHaveLength(1);
    expect(await runsFor('plain', byWes.id)).toHaveLength(1);
  });

  it('on a protected environment the published version decides: a runner outside the owner team is refused', { timeout: 180_000 }, async () => {
    const c = await say('wes', `/flowops run ${VAULT} --env production`);
    const answer = await waitFor('answer', () => botComments().find((b) => b.body.startsWith('@wes') && b.body.includes(VAULT)), { timeoutMs: 150_000 });
    expect(answer.body).toMatch(new RegExp(`${VAULT} is \`visibility: private\`[\\s\\S]*\\[FLOW_RUN_NOT_ALLOWED\\]`));
    await new Promise((r) => setTimeout(r, 1500));
    const ids: string[] = [];
    for await (const w of production.workflow.list({ query: `WorkflowId STARTS_WITH 'flowops-${VAULT}-'` }))
      if (w.workflowId.endsWith(`-gh-${c.id}-0`)) ids.push(w.workflowId);
    expect(ids).toEqual([]);
  });
});
