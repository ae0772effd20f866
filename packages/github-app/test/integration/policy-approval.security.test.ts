/**
 * Issue 15, point 6 through the real App (webhook server + App worker in this process), a Temporal
 * dev server, a local bare repository and the fake GitHub (requests checked against GitHub's
 * OpenAPI description; team membership through `GET /orgs/{org}/teams/{team_slug}/memberships/{username}`):
 * - the base branch's `flowops.policy.ts` (set `production-safety`, owners `@acme/platform` and
 *   `@alice`) flags the pull request's new workflow, whose owner is not in CODEOWNERS: the
 *   `flowops` check run fails with the rule, the set and its owners;
 * - `/flowops approve-policy production-safety` by a writer who is no owner changes nothing but a
 *   reply naming who may approve; an unknown set name gets the set names;
 * - the same command by a member of the owner team records a waiver bound to the head commit:
 *   the check run succeeds and its output text says "waived by @ada at <sha>";
 * - on a fork's pull request (never compiled on its own) an owner's approval compiles and waives nothing;
 * - what `flowops publish` of the merge commit can read (`policyWaiversForCommit`): the waiver from
 *   the App's check run of the merged head; a check run of another app that copies the text counts
 *   for nothing;
 * - a new push is a new commit without a waiver: its check fails again;
 * - CI's report of that commit (`flowops dry-run --report`) gets the same policy from the App: a
 *   `policy` CI hands over (a forged waiver) is ignored and the check fails.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { FlowopsConfig } from '@flowops/sdk';
import { type FakeGitHub, type FakeRepo, issueCommentEvent, pullRequestEvent, startFakeGitHub } from '@flowops/testing-github';
import { testTemporalAddress, waitFor } from '@flowops/testing/vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/app';
import { policyWaiversForCommit } from '../../src/github/merged-waivers';
import { WAIVER_MARKER, checkRunWaiversLine } from '../../src/policy/waivers';
import { REPORT_MARKER } from '../../src/render/index';
import type { ReportResult } from '../../src/report/types';
import { startReport } from '../../src/temporal/starter';
import { deliverSigned, git, testAppConfig, type RunWorker, startRunWorker } from './helpers/app-harness';

const SECRET = 'policy-secret';
const RUN_QUEUE = `flowops-pol-run-${process.pid}`;
const APP_QUEUE = `flowops-pol-app-${process.pid}`;
const ref = { owner: 'acme', repo: `policed-${process.pid}`, installationId: 41 };
const PR = 41;

const POLICY = `import { definePolicy, policyRules } from '@flowops/sdk';
export default definePolicy({ name: 'production-safety', owners: ['@acme/platform', '@alice'], rules: [policyRules.ownersInCodeowners()] });
`;
const workflowYaml = (name: string, owner: string) => `name: ${name}
owner: "${owner}"
defaults: { retry: { maxAttempts: 1 }, timeout: 30s }
input: { type: object }
steps:
  - id: note
    uses: log.write@1
    with: { message: "${name}" }
`;

let gh: FakeGitHub;
let repo: FakeRepo;
let app: RunningApp;
let runWorker: RunWorker | undefined;
let native: NativeConnection;
let dir: string;
let headSha: string;
let work: string;

function write(root: string, files: Record<string, string>): void {
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), text);
  }
}

const bot = () => [...repo.comments.values()].filter((c) => c.issueNumber === PR && c.user.login === 'flowops[bot]');
const check = () => [...repo.checkRuns.values()].filter((r) => r.name === 'flowops' && r.headSha === headSha).sort((a, b) => b.id - a.id)[0];
let deliveries = 0;
async function say(login: string, body: string, pr = PR) {
  const c = gh.state.addComment(repo, pr, login, body);
  const res = await deliverSigned(
    app.url,
    SECRET,
    'issue_comment',
    issueCommentEvent({ ...ref, number: pr, commentId: c.id, body, login }),
    `pol-${deliveries++}`,
  );
  expect(res.status).toBe(202);
  return c;
}

beforeAll(async () => {
  const address = testTemporalAddress();
  dir = mkdtempSync(join(tmpdir(), 'flowops-gh-pol-'));
  work = join(dir, 'work');
  write(work, {
    'flowops.policy.ts': POLICY,
    '.github/CODEOWNERS': '* @acme/platform\n',
    'workflows/hello/workflow.yaml': workflowYaml('hello', '@acme/platform'),
    'workflows/hello/package.json': JSON.stringify({ name: '@pol/hello', version: '1.0.0', private: true }),
  });
  git(work, 'init', '-q', '-b', 'main');
  git(work, 'add', '.');
  git(work, 'commit', '-qm', 'policy, hello');
  git(work, 'checkout', '-q', '-b', 'add-deploy');
  write(work, {
    'workflows/deploy/workflow.yaml': workflowYaml('deploy', '@acme/sre'),
    'workflows/deploy/package.json': JSON.stringify({ name: '@pol/deploy', version: '1.0.0', private: true }),
  });
  git(work, 'add', '.');
  git(work, 'commit', '-qm', 'deploy, owned by a team CODEOWNERS does not name');
  headSha = git(work, 'rev-parse', 'HEAD');
  git(work, 'checkout', '-q', 'main');
  git(dir, 'clone', '-q', '--bare', work, 'policed.git');
  git(join(dir, 'policed.git'), 'fetch', '-q', work, 'add-deploy:add-deploy');

  gh = await startFakeGitHub();
  repo = gh.state.addRepo(ref.owner, ref.repo, ref.installationId);
  gh.state.addPull(repo, PR, { headSha, headRef: 'add-deploy', baseRef: 'main', headRepo: `${ref.owner}/${ref.repo}`, author: 'wes' });
  repo.collaborators.set('wes', 'write');
  repo.collaborators.set('ada', 'read');
  gh.state.teams.set('acme/platform', new Set(['ada']));

  const flowops = FlowopsConfig.parse({
    environments: {
      local: { namespace: 'default' },
      staging: { address, namespace: 'staging', taskQueue: RUN_QUEUE },
      production: { address, namespace: 'production', taskQueue: RUN_QUEUE, protected: true, runners: ['wes'] },
    },
  });
  native = await NativeConnection.connect({ address });
  runWorker = await startRunWorker(native, 'staging', RUN_QUEUE);
  app = await startApp({
    config: testAppConfig({ gh, secret: SECRET, taskQueue: APP_QUEUE, bareRepo: join(dir, 'policed.git') }),
    flowops,
    localAddress: address,
    appRoot: resolve(__dirname, '../../../..'),
    host: '127.0.0.1',
    redelivery: false,
  });
}, 300_000);

afterAll(async () => {
  await app?.close();
  await runWorker?.stop();
  await native?.close();
  await gh?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('policy as code on a pull request', () => {
  it('a violation of the base branch’s policy fails the check with the rule, the set and its owners', { timeout: 300_000 }, async () => {
    const opened = pullRequestEvent({ ...ref, action: 'opened', number: PR, headSha, author: 'wes' });
    expect((await deliverSigned(app.url, SECRET, 'pull_request', opened, 'pol-opened')).status).toBe(202);
    const run = await waitFor('report check run', () => (check()?.status === 'completed' ? check() : undefined), { timeoutMs: 240_000 });
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('policy production-safety / owners-in-codeowners: owner "@acme/sre" of deploy is not named in CODEOWNERS');
    expect(run.output.summary).toContain('ask an owner of production-safety (@acme/platform, @alice)');
    expect(run.output.text).toContain('❌ fix the violations or an owner comments `/flowops approve-policy production-safety`');
    const sticky = await waitFor('sticky report', () => bot().find((c) => c.body.startsWith(REPORT_MARKER) && c.body.includes('### Policy')));
    expect(sticky.body).toContain('| production-safety | @acme/platform, @alice |');
  });

  it('an approval by a writer who is no owner, or of an unknown set, changes nothing but a reply', { timeout: 300_000 }, async () => {
    await say('wes', '/flowops approve-policy production-safety\n/flowops approve-policy nope');
    const notOwner = await waitFor(
      'not-owner reply',
      () => bot().find((c) => c.body.startsWith('@wes') && c.body.includes('approve-policy production-safety')),
      {
        timeoutMs: 150_000,
      },
    );
    expect(notOwner.body).toContain(
      '@wes is not an owner of policy set `production-safety`; only @acme/platform, @alice may approve it (a member of an owner team, or an owner login)',
    );
    expect(notOwner.body).toContain('[FLOW_POLICY_NOT_OWNER]');
    const unknown = await waitFor('unknown-set reply', () => bot().find((c) => c.body.startsWith('@wes') && c.body.includes('approve-policy nope')), {
      timeoutMs: 150_000,
    });
    expect(unknown.body).toMatch(
      /no policy set "nope" in flowops\.policy\.ts of `main` — To fix: approve one of its sets: `production-safety` \[FLOW_POLICY_UNKNOWN_SET\]/,
    );
    await new Promise((r) => setTimeout(r, 2000));
    expect(bot().filter((c) => c.body.startsWith(WAIVER_MARKER))).toEqual([]);
    expect(check()).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });

  it('a member of an owner team waives the set on the head commit: the check succeeds and lists the waiver', { timeout: 300_000 }, async () => {
    await say('ada', '/flowops approve-policy production-safety');
    const record = await waitFor('waiver record', () => bot().find((c) => c.body.startsWith(WAIVER_MARKER)), { timeoutMs: 150_000 });
    expect(record.body).toContain(`@ada waived policy set \`production-safety\` for \`${headSha.slice(0, 7)}\``);
    const run = await waitFor('check run with the waiver', () => (check()?.conclusion === 'success' && check()?.status === 'completed' ? check() : undefined), {
      timeoutMs: 240_000,
    });
    expect(run.output.text).toContain(`✅ waived by @ada at ${headSha.slice(0, 7)}`);
    expect(run.output.summary).toContain('waived by @ada: policy production-safety / owners-in-codeowners');
  });

  it('on a fork’s pull request an owner’s approval compiles and waives nothing', { timeout: 200_000 }, async () => {
    const FORK_PR = PR + 1;
    const forkHead = 'f'.repeat(40);
    gh.state.addPull(repo, FORK_PR, { headSha: forkHead, headRef: 'patch-1', baseRef: 'main', headRepo: 'mallory/policed', author: 'mallory' });
    await say('ada', '/flowops approve-policy production-safety', FORK_PR);
    const refusal = await waitFor(
      'refusal on the fork PR',
      () => [...repo.comments.values()].find((c) => c.issueNumber === FORK_PR && c.user.login === 'flowops[bot]' && c.body.startsWith('@ada')),
      { timeoutMs: 150_000 },
    );
    expect(refusal.body).toContain('gets no automatic flowops report (it comes from a fork, or its author has no write access)');
    expect([...repo.comments.values()].filter((c) => c.issueNumber === FORK_PR && c.body.startsWith(WAIVER_MARKER))).toEqual([]);
    expect([...repo.checkRuns.values()].filter((r) => r.headSha === forkHead)).toEqual([]);
  });

  it('the merge commit’s publish finds the waiver in the App’s check run of the merged head, never in another app’s', { timeout: 60_000 }, async () => {
    const token = 'ghs_publish-reads-checks';
    gh.state.tokens.set(token, { installationId: ref.installationId, expiresAt: Date.now() + 3_600_000 });
    const merge = 'e'.repeat(40);
    const query = { apiUrl: gh.url, token, owner: ref.owner, repo: ref.repo, sha: merge };
    const pull = repo.issues.get(PR)!.pull!;
    expect(await policyWaiversForCommit(query)).toEqual({ waivers: [] });
    pull.mergeCommitSha = merge;
    pull.mergedAt = new Date().toISOString();
    const waiver = { set: 'production-safety', approvedBy: '@ada', sha: headSha };
    expect(await policyWaiversForCommit(query)).toEqual({ waivers: [waiver], pr: PR, headSha });
    // A CI job's token can write a newer `flowops` check run too, under another app: it counts for nothing.
    const ours = check()!;
    const forged = {
      ...ours,
      id: ours.id + 100_000,
      app: 'github-actions',
      output: { text: checkRunWaiversLine([{ ...waiver, set: 'other', approvedBy: '@mallory' }]) },
    };
    repo.checkRuns.set(forged.id, forged);
    try {
      expect(await policyWaiversForCommit(query)).toEqual({ waivers: [waiver], pr: PR, headSha });
    } finally {
      repo.checkRuns.delete(forged.id);
      pull.mergeCommitSha = undefined;
      pull.mergedAt = undefined;
    }
  });

  it('a new push needs a new approval: the next commit’s check fails again', { timeout: 300_000 }, async () => {
    const waived = headSha;
    git(work, 'checkout', '-q', 'add-deploy');
    write(work, { 'workflows/deploy/workflow.yaml': workflowYaml('deploy', '@acme/sre').replace('message: "deploy"', 'message: "deploy again"') });
    git(work, 'commit', '-qam', 'deploy again');
    headSha = git(work, 'rev-parse', 'HEAD');
    git(work, 'checkout', '-q', 'main');
    git(work, 'push', '-q', join(dir, 'policed.git'), 'add-deploy');
    repo.issues.get(PR)!.pull!.headSha = headSha;
    const sync = pullRequestEvent({ ...ref, action: 'synchronize', number: PR, headSha, author: 'wes' });
    expect((await deliverSigned(app.url, SECRET, 'pull_request', sync, 'pol-sync')).status).toBe(202);
    const run = await waitFor('check run of the new commit', () => (check()?.status === 'completed' ? check() : undefined), { timeoutMs: 240_000 });
    expect(run.conclusion).toBe('failure');
    expect(run.output.text).not.toContain('waived by');
    expect(waived).not.toBe(headSha);
  });

  it('CI’s report of the commit gets the base branch’s policy from the App; a waiver CI claims is ignored', { timeout: 300_000 }, async () => {
    const connection = await Connection.connect({ address: testTemporalAddress() });
    try {
      const client = new Client({ connection, namespace: 'default' });
      const forged = {
        file: 'flowops.policy.ts',
        from: 'main',
        sets: [{ name: 'production-safety', owners: ['@mallory'], rulesRun: 1, violations: [], waivedBy: '@mallory' }],
        waivers: [{ set: 'production-safety', approvedBy: '@mallory', sha: headSha }],
      };
      const { workflowId } = await startReport(
        client,
        { repo: ref, pr: PR, headSha, baseRef: 'main', diagnostics: [], workflows: [], policy: forged },
        APP_QUEUE,
      );
      const result = (await client.workflow.getHandle(workflowId).result()) as ReportResult;
      expect(result.conclusion).toBe('failure');
      const run = check()!;
      expect(run.output.summary).toContain('policy production-safety / owners-in-codeowners');
      expect(run.output.text).toContain('| production-safety | @acme/platform, @alice |');
      expect(run.output.text).not.toContain('mallory');
    } finally {
      await connection.close();
    }
  });
});
