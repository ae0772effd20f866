/**
 * End to end with the real App (webhook server + system worker), a Temporal dev server (global
 * setup), a flowops worker for staging, a local bare repository as the clone source, and the
 * fake GitHub on 127.0.0.1.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FlowopsConfig } from '@flowops/sdk';
import { testTemporalAddress, waitFor } from '@flowops/testing/vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/app';
import { REPORT_MARKER } from '../../src/render/index';
import type { ReportResult } from '../../src/report/types';
import { startReport } from '../../src/temporal/starter';
import {
  type FakeGitHub,
  type FakeRepo,
  checkRunRerequestedEvent,
  issueCommentEvent,
  pullRequestEvent,
  pushEvent,
  startFakeGitHub,
} from '@flowops/testing-github';
import { signPayload } from '../../src/webhooks/signature';
import { type RunWorker, startRunWorker } from './helpers/app-harness';

const SECRET = 'integration-secret';
const RUN_QUEUE = `flowops-it-gh-${process.pid}`;
const APP_QUEUE = `flowops-github-it-${process.pid}`;
const ref = { owner: 'acme', repo: 'flows', installationId: 7 };

let gh: FakeGitHub;
let repo: FakeRepo;
let app: RunningApp;
let runWorker: RunWorker | undefined;
let native: NativeConnection;
let client: Client;
let staging: Client;
let dir: string;
let headSha: string;

const WORKFLOW = `name: hello
owner: "@acme/sre"
defaults: { retry: { maxAttempts: 1 }, timeout: 30s }
input:
  type: object
  properties:
    who: { type: string }
    times: { type: integer, minimum: 1 }
  required: [who]
steps:
  - id: greet
    uses: log.write@1
    with:
      message: "hello {{ input.who }}"
`;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' },
  }).trim();
}

function deliver(event: string, payload: unknown, delivery: string, secret = SECRET) {
  const body = JSON.stringify(payload);
  return fetch(`${app.url}/webhooks`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': delivery, 'x-hub-signature-256': signPayload(secret, body) },
  });
}

const botComments = (issue: number) => [...repo.comments.values()].filter((c) => c.issueNumber === issue && c.user.login === 'flowops[bot]');

function comment(login: string, body: string, issue = 12) {
  const c = gh.state.addComment(repo, issue, login, body);
  return { c, payload: issueCommentEvent({ ...ref, number: issue, commentId: c.id, body, login }) };
}

beforeAll(async () => {
  const address = testTemporalAddress();
  dir = mkdtempSync(join(tmpdir(), 'flowops-gh-it-'));
  const work = join(dir, 'work');
  mkdirSync(join(work, 'workflows', 'hello', 'fixtures'), { recursive: true });
  writeFileSync(join(work, 'workflows', 'hello', 'workflow.yaml'), WORKFLOW);
  writeFileSync(join(work, 'workflows', 'hello', 'package.json'), JSON.stringify({ name: '@it/hello', version: '1.0.0', private: true }));
  writeFileSync(join(work, 'workflows', 'hello', 'fixtures', 'basic.json'), JSON.stringify({ who: 'fixture' }));
  git(work, 'init', '-q', '-b', 'main');
  git(work, 'add', '.');
  git(work, 'commit', '-qm', 'hello');
  headSha = git(work, 'rev-parse', 'HEAD');
  git(dir, 'clone', '-q', '--bare', work, 'flows.git');

  gh = await startFakeGitHub();
  repo = gh.state.addRepo('acme', 'flows', 7);
  gh.state.addPull(repo, 12, { headSha, headRef: 'feature', baseRef: 'main', headRepo: 'acme/flows', author: 'wes' });
  gh.state.addPull(repo, 13, { headSha, headRef: 'evil', baseRef: 'main', headRepo: 'mallory/flows' });
  for (const [login, role] of [
    ['ada', 'admin'],
    ['wes', 'write'],
    ['mia', 'maintain'],
    ['tri', 'triage'],
    ['rae', 'read'],
  ] as const)
    repo.collaborators.set(login, role);
  gh.state.teams.set('acme/sre', new Set(['ada']));

  const flowops = FlowopsConfig.parse({
    environments: {
      local: { namespace: 'default' },
      staging: { address, namespace: 'staging', taskQueue: RUN_QUEUE, uiUrl: 'http://localhost:8233' },
      production: { address, namespace: 'production', taskQueue: RUN_QUEUE, runners: ['@acme/sre'] },
    },
  });
  native = await NativeConnection.connect({ address });
  runWorker = await startRunWorker(native, 'staging', RUN_QUEUE);
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
  client = new Client({ connection: await Connection.connect({ address }), namespace: 'default' });
  staging = new Client({ connection: client.connection, namespace: 'staging' });
});

afterAll(async () => {
  await app?.close();
  await runWorker?.stop();
  await native?.close();
  await client?.connection.close();
  await gh?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GitHub App end to end', () => {
  it('a signed /flowops run gets 👀 and a reply with the result and the Temporal link', async () => {
    const { c, payload } = comment('wes', 'Ship it\n/flowops run hello who=world times=2');
    const res = await deliver('issue_comment', payload, 'run-1');
    expect(res.status).toBe(202);
    await waitFor('👀', () => c.reactions.some((r) => r.content === 'eyes'));
    const reply = await waitFor('reply', () => botComments(12).find((b) => b.body.includes('`run hello@1.0.0`')));
    expect(reply.body).toMatch(/@wes ✅ `run hello@1\.0\.0` on \*\*staging\*\* succeeded/);
    expect(reply.body).toMatch(/http:\/\/localhost:8233\/namespaces\/staging\/workflows\//);
    expect(reply.body).toMatch(/\| greet \| ✅ succeeded/);
  });

  it('a replayed delivery starts nothing new', async () => {
    const { payload } = comment('mia', '/flowops dry-run hello who=again');
    expect((await deliver('issue_comment', payload, 'dup-1')).status).toBe(202);
    await waitFor('first reply', () => botComments(12).find((b) => b.body.includes('@mia')));
    const again = await deliver('issue_comment', payload, 'dup-1');
    expect(await again.json()).toMatchObject({ duplicate: true });
    // GitHub's "redeliver" can also arrive under a new delivery id: same comment → same workflow id.
    const other = await deliver('issue_comment', payload, 'dup-2');
    expect(await other.json()).toMatchObject({ duplicate: true });
    await new Promise((r) => setTimeout(r, 1500));
    expect(botComments(12).filter((b) => b.body.includes('@mia'))).toHaveLength(1);
  });

  it('forged, missing and stale signatures get 401 and start nothing', async () => {
    const { c, payload } = comment('ada', '/flowops help');
    const before = gh.requests.length;
    expect((await deliver('issue_comment', payload, 'bad-1', 'wrong-secret')).status).toBe(401);
    const body = JSON.stringify(payload);
    const missing = await fetch(`${app.url}/webhooks`, { method: 'POST', body, headers: { 'x-github-event': 'issue_comment', 'x-github-delivery': 'bad-2' } });
    expect(missing.status).toBe(401);
    const stale = await fetch(`${app.url}/webhooks`, {
      method: 'POST',
      body,
      headers: { 'x-github-event': 'issue_comment', 'x-github-delivery': 'bad-3', 'x-hub-signature-256': signPayload(SECRET, `${body.slice(0, -1)},"x":1}`) },
    });
    expect(stale.status).toBe(401);
    await new Promise((r) => setTimeout(r, 1500));
    expect(c.reactions).toHaveLength(0);
    expect(gh.requests.length).toBe(before);
    const started = client.workflow.list({ query: `WorkflowId = 'gh-comment-acme-flows-${c.id}'` });
    for await (const _ of started) throw new Error('a workflow was started for a forged delivery');
  });

  it('permissions: read/triage/none are refused, production needs a runner, invalid input is refused', async () => {
    const cases = [
      { login: 'rae', body: '/flowops run hello who=x', expect: /@rae 🚫[\s\S]*has read access[\s\S]*needs write access/ },
      { login: 'tri', body: '/flowops run hello who=x', expect: /@tri 🚫[\s\S]*has read access/ },
      { login: 'stranger', body: '/flowops run hello who=x', expect: /@stranger 🚫[\s\S]*has none access/ },
      { login: 'wes', body: '/flowops run hello --env production who=x', expect: /@wes 🚫[\s\S]*not among the runners of production/ },
      { login: 'ada', body: '/flowops run hello --env production who=x', expect: /@ada 🚫[\s\S]*never been published/ },
      { login: 'wes', body: '/flowops run hello times=zero', expect: /@wes 🚫[\s\S]*invalid input for hello[\s\S]*who[\s\S]*FLOW_INVALID_INPUT/ },
    ];
    let n = 0;
    for (const k of cases) {
      const { payload } = comment(k.login, k.body);
      expect((await deliver('issue_comment', payload, `perm-${n++}`)).status).toBe(202);
    }
    for (const k of cases) await waitFor(`reply matching ${k.expect}`, () => botComments(12).find((b) => k.expect.test(b.body)));
  });

  it('help lists workflows and inputs; bots, edits and plain issues are ignored', async () => {
    const { payload } = comment('rae', '/flowops help');
    await deliver('issue_comment', payload, 'help-1');
    const help = await waitFor('help', () => botComments(12).find((b) => b.body.includes('@rae flowops commands')));
    expect(help.body).toMatch(/\| hello \| 1\.0\.0 \| `who`: string<br\/>`times\?`: integer/);
    const bot = issueCommentEvent({ ...ref, number: 12, body: '/flowops help', login: 'flowops[bot]', senderType: 'Bot' });
    const edited = issueCommentEvent({ ...ref, action: 'edited', number: 12, body: '/flowops help', login: 'ada' });
    const issue = issueCommentEvent({ ...ref, number: 3, body: '/flowops help', login: 'ada', onPullRequest: false });
    for (const [i, p] of [bot, edited, issue].entries()) expect(await (await deliver('issue_comment', p, `ign-${i}`)).json()).toHaveProperty('ignored');
  });

  it('two reports for a PR edit one sticky comment; the check run carries the annotations', async () => {
    const report = (title: string, warnings: number) => ({
      repo: ref,
      pr: 12,
      headSha,
      diagnostics: Array.from({ length: warnings }, (_, i) => ({
        code: 'FLOW_NO_RETRY',
        severity: 'warning' as const,
        message: `${title} ${i}`,
        file: 'workflows/hello/workflow.yaml',
        line: i + 1,
      })),
      workflows: [{ name: 'hello', version: '1.0.0', change: 'added' as const }],
    });
    const first = await startReport(client, report('first', 3), APP_QUEUE);
    await client.workflow.getHandle(first.workflowId).result();
    await startReport(client, report('second', 120), APP_QUEUE);
    await client.workflow.getHandle(first.workflowId).result();
    const sticky = botComments(12).filter((b) => b.body.startsWith(REPORT_MARKER));
    expect(sticky).toHaveLength(1);
    expect(sticky[0]!.updatedAt >= sticky[0]!.createdAt).toBe(true);
    const check = [...repo.checkRuns.values()].find((r) => r.name === 'flowops' && r.headSha === headSha)!;
    expect(check.status).toBe('completed');
    expect(check.annotations.length).toBe(3 + 120);
    const writes = gh.requests.filter((r) => r.operationId === 'checks/update' || r.operationId === 'checks/create');
    expect(writes.every((w) => ((w.body as { output?: { annotations?: unknown[] } })?.output?.annotations?.length ?? 0) <= 50)).toBe(true);
  });

  it('a report from CI without an installation id finds the installation of the repository', async () => {
    // `flowops dry-run --changed --report` knows owner/repo (GITHUB_REPOSITORY), not the installation.
    const { workflowId } = await startReport(client, { repo: { owner: 'acme', repo: 'flows' }, pr: 12, headSha, diagnostics: [], workflows: [] }, APP_QUEUE);
    const result = (await client.workflow.getHandle(workflowId).result()) as ReportResult;
    expect(gh.requests.some((r) => r.operationId === 'apps/get-repo-installation' && r.status === 200)).toBe(true);
    const check = [...repo.checkRuns.values()].find((r) => r.name === 'flowops' && r.headSha === headSha);
    expect(check?.status).toBe('completed');
    // The App cloned the default branch with that installation to read drift for the comment.
    const sticky = botComments(12).find((b) => b.id === result.commentId)!;
    expect(sticky.body).toMatch(/### Drift\n\n\| environment[\s\S]*\| staging \| hello \| 1\.0\.0 \| — \| in git, never published/);
    expect(sticky.body).not.toContain('could not be read');
  });

  it('a fork PR gets the no-automatic-dry-run note and a neutral check', async () => {
    const payload = pullRequestEvent({ ...ref, action: 'opened', number: 13, headSha, headRepo: 'mallory/flows' });
    expect((await deliver('pull_request', payload, 'fork-1')).status).toBe(202);
    const note = await waitFor('fork note', () => botComments(13).find((b) => b.body.startsWith(REPORT_MARKER)));
    expect(note.body).toMatch(/no automatic dry-run/);
    const check = await waitFor('neutral check', () =>
      [...repo.checkRuns.values()].find((r) => r.name === 'flowops' && r.headSha === headSha && r.conclusion === 'neutral'),
    );
    expect(check.output.title).toMatch(/Fork pull request/);
    for await (const w of staging.workflow.list({ query: `WorkflowId STARTS_WITH 'flowops-hello-'` })) expect(w.workflowId).not.toMatch(/-pr13-/);
  });

  it('a signed pull_request builds the report (check run, sticky comment, graph, plans, dry-run, drift); synchronize edits the same comment', {
    timeout: 180_000,
  }, async () => {
    const work = join(dir, 'work');
    const commitFeature = (message: string, greeting: string): string => {
      writeFileSync(
        join(work, 'workflows', 'hello', 'workflow.yaml'),
        `${WORKFLOW}  - id: wave\n    uses: log.write@1\n    with:\n      message: "${greeting} {{ input.who }}"\n`,
      );
      writeFileSync(join(work, 'workflows', 'hello', 'package.json'), JSON.stringify({ name: '@it/hello', version: '1.1.0', private: true }));
      git(work, 'commit', '-qam', message);
      git(work, 'push', '-q', join(dir, 'flows.git'), 'feature-14');
      return git(work, 'rev-parse', 'HEAD');
    };
    git(work, 'checkout', '-q', '-b', 'feature-14');
    const first = commitFeature('wave', 'bye');
    git(work, 'checkout', '-q', 'main');
    const pull = gh.state.addPull(repo, 14, { headSha: first, headRef: 'feature-14', baseRef: 'main', headRepo: 'acme/flows', author: 'wes' });

    expect(
      (await deliver('pull_request', pullRequestEvent({ ...ref, action: 'opened', number: 14, headSha: first, author: 'wes' }), 'pr14-opened')).status,
    ).toBe(202);
    const check = await waitFor(
      'completed check run',
      () => [...repo.checkRuns.values()].find((r) => r.name === 'flowops' && r.headSha === first && r.status === 'completed'),
      { timeoutMs: 150_000 },
    );
    expect(check.conclusion).toBe('success');
    const sticky = await waitFor('sticky comment', () => botComments(14).find((b) => b.body.startsWith(REPORT_MARKER)));
    expect(sticky.body).toContain(`flowops report for \`${first.slice(0, 7)}\``);
    expect(sticky.body).toMatch(
      /\| hello \| changed \| 1\.1\.0 \| \[✅ succeeded on staging\]\(http:\/\/localhost:8233\/namespaces\/staging\/workflows\/flowops-hello-[0-9a-f]{8}-pr14-/,
    );
    expect(sticky.body).toContain('```mermaid');
    expect(sticky.body).toMatch(/Steps: added `wave`/);
    expect(sticky.body).toMatch(/### Plan: staging[\s\S]*\| hello \| new \|[\s\S]*### Plan: production/);
    expect(sticky.body).toMatch(/### Drift[\s\S]*\| staging \| hello \| 1\.0\.0 \| — \| in git, never published/);
    expect(sticky.body).toMatch(/Dry-run trace of hello \(succeeded/);
    // The dry-run really ran on staging, marked as one, with the fixture as input.
    const runId = /namespaces\/staging\/workflows\/(flowops-hello-[0-9a-f]{8}-pr14-[^/]+)\//.exec(sticky.body)![1]!;
    expect(runId).toBe(`flowops-hello-${runId.split('-')[2]}-pr14-${first.slice(0, 12)}-basic`);
    const result = (await staging.workflow.getHandle(decodeURIComponent(runId)).result()) as {
      status: string;
      steps: Array<{ step: string; output?: unknown }>;
    };
    expect(result.status).toBe('succeeded');
    expect(result.steps.map((x) => x.step)).toEqual(['greet', 'wave']);

    const second = (() => {
      git(work, 'checkout', '-q', 'feature-14');
      const sha = commitFeature('wave again', 'ciao');
      git(work, 'checkout', '-q', 'main');
      return sha;
    })();
    pull.pull!.headSha = second;
    expect(
      (await deliver('pull_request', pullRequestEvent({ ...ref, action: 'synchronize', number: 14, headSha: second, author: 'wes' }), 'pr14-sync')).status,
    ).toBe(202);
    await waitFor(
      'check run of the second commit',
      () => [...repo.checkRuns.values()].find((r) => r.name === 'flowops' && r.headSha === second && r.status === 'completed'),
      { timeoutMs: 150_000 },
    );
    const edited = await waitFor('edited comment', () => botComments(14).find((b) => b.body.startsWith(REPORT_MARKER) && b.body.includes(second.slice(0, 7))));
    expect(edited.id).toBe(sticky.id);
    expect(botComments(14).filter((b) => b.body.startsWith(REPORT_MARKER))).toHaveLength(1);
    expect(gh.requests.filter((r) => r.operationId === 'issues/create-comment' && r.path.includes('/issues/14/'))).toHaveLength(1);
  });

  it('a replay verdict from CI (--replay) shows in the comment and the check run; a failing one fails the check', { timeout: 120_000 }, async () => {
    const sha = 'f'.repeat(40); // its own commit: other tests look check runs up by head sha
    gh.state.addPull(repo, 16, { headSha: sha, headRef: 'interpreter-change', baseRef: 'main', headRepo: 'acme/flows', author: 'wes' });
    const { workflowId } = await startReport(
      client,
      {
        repo: { owner: 'acme', repo: 'flows' },
        pr: 16,
        headSha: sha,
        workflows: [],
        replay: {
          corpus: { passed: true, failed: 0 },
          cluster: {
            env: 'staging',
            replayed: 7,
            failed: 1,
            firstFailure: { workflow: 'hello', workflowId: 'flowops-hello-1', message: 'Nondeterminism error: timer' },
          },
        },
      },
      APP_QUEUE,
    );
    const result = (await client.workflow.getHandle(workflowId).result()) as ReportResult;
    expect(result.conclusion).toBe('failure');
    const check = [...repo.checkRuns.values()].find((r) => r.name === 'flowops' && r.headSha === sha)!;
    expect(check.conclusion).toBe('failure');
    expect(check.output.title).toMatch(/replay failed/);
    expect(check.output.summary).toMatch(/### Replay[\s\S]*staging:\*\* 1 of 7 recent run\(s\) do not replay — first: flowops-hello-1 \(hello\)/);
    const sticky = botComments(16).find((b) => b.id === result.commentId)!;
    expect(sticky.body).toMatch(/### Replay\n\n- ✅ \*\*Corpus:\*\* every committed history replays/);
  });

  it('the report workflow runs the dry-runs CI hands it (fixtures, refused input) and returns them', { timeout: 120_000 }, async () => {
    const { checkWorkflows } = await import('@flowops/compiler');
    const compiled = await checkWorkflows({ root: join(dir, 'work'), typecheck: false });
    const ir = compiled.workflows.find((w) => w.name === 'hello')!.ir;
    const sha = 'd'.repeat(40);
    const { workflowId } = await startReport(
      client,
      {
        repo: { owner: 'acme', repo: 'flows' },
        pr: 12,
        headSha: sha,
        workflows: [
          {
            name: 'hello',
            version: ir.version,
            change: 'changed',
            ir,
            fixtures: [
              { name: 'ci', input: { who: 'ci' } },
              { name: 'bad', input: { times: 0 } },
            ],
          },
        ],
      },
      APP_QUEUE,
    );
    const result = (await client.workflow.getHandle(workflowId).result()) as ReportResult;
    const byFixture = Object.fromEntries(result.runs.map((r) => [r.fixture, r]));
    expect(byFixture.ci).toMatchObject({
      status: 'succeeded',
      workflowId: expect.stringMatching(new RegExp(`-pr12-${sha.slice(0, 12)}-ci$`)),
      url: expect.stringContaining('/namespaces/staging/'),
    });
    expect(byFixture.bad).toMatchObject({ status: 'not-run', code: 'FLOW_INVALID_INPUT' });
    expect(result.conclusion).toBe('failure');
    // PR 12's head is another commit: the check run is posted, the comment is left alone.
    expect(result.commentId).toBeUndefined();
    expect([...repo.checkRuns.values()].find((r) => r.name === 'flowops' && r.headSha === sha)?.conclusion).toBe('failure');
    // Handing the same commit over again follows the finished dry-run instead of starting a second one.
    const again = await startReport(
      client,
      {
        repo: { owner: 'acme', repo: 'flows' },
        pr: 12,
        headSha: sha,
        workflows: [{ name: 'hello', version: ir.version, change: 'changed', ir, fixtures: [{ name: 'ci', input: { who: 'ci' } }] }],
      },
      APP_QUEUE,
    );
    const second = (await client.workflow.getHandle(again.workflowId).result()) as ReportResult;
    expect(second.runs[0]?.workflowId).toBe(byFixture.ci!.workflowId);
    const runs = staging.workflow.list({ query: `WorkflowId = '${byFixture.ci!.workflowId}'` });
    let count = 0;
    for await (const _ of runs) count++;
    expect(count).toBe(1);
  });

  it('a branch PR by an author with read access gets the note: nothing compiled or dry-run', async () => {
    const sha = 'e'.repeat(40);
    gh.state.addPull(repo, 15, { headSha: sha, headRef: 'from-rae', baseRef: 'main', headRepo: 'acme/flows', author: 'rae' });
    expect((await deliver('pull_request', pullRequestEvent({ ...ref, action: 'opened', number: 15, headSha: sha, author: 'rae' }), 'pr15')).status).toBe(202);
    const note = await waitFor('author note', () => botComments(15).find((b) => b.body.startsWith(REPORT_MARKER)));
    expect(note.body).toMatch(/@rae has read access[\s\S]*no automatic dry-run/);
    const check = await waitFor('neutral check', () =>
      [...repo.checkRuns.values()].find((r) => r.name === 'flowops' && r.headSha === sha && r.status === 'completed'),
    );
    expect(check.conclusion).toBe('neutral');
    for await (const w of staging.workflow.list({ query: `WorkflowId STARTS_WITH 'flowops-hello-'` })) expect(w.workflowId).not.toMatch(/-pr15-/);
  });

  it('check_run rerequested rebuilds the report into the same sticky comment', async () => {
    const check = [...repo.checkRuns.values()].find((r) => r.name === 'flowops' && r.headSha === headSha)!;
    const before = botComments(12).filter((b) => b.body.startsWith(REPORT_MARKER));
    expect(before).toHaveLength(1);
    const stamp = before[0]!.body;
    expect((await deliver('check_run', checkRunRerequestedEvent({ ...ref, headSha, pullNumbers: [12], checkRunId: check.id }), 'rerun-1')).status).toBe(202);
    await waitFor('rebuilt report', () => botComments(12).find((b) => b.body.startsWith(REPORT_MARKER) && b.body !== stamp));
    expect(botComments(12).filter((b) => b.body.startsWith(REPORT_MARKER))).toHaveLength(1);
    // The rerun is a new check run on the commit (its own "Re-run" is the next rerun).
    await waitFor('new check run completed', () =>
      [...repo.checkRuns.values()].find(
        (r) => r.name === 'flowops' && r.headSha === headSha && r.id !== check.id && r.status === 'completed' && r.output.title !== 'Re-running the report',
      ),
    );
  });

  it('drift after a push: a failing check and one issue, updated (never a second) on the next push', async () => {
    expect((await deliver('push', pushEvent({ ...ref, after: headSha }), 'push-1')).status).toBe(202);
    const check = await waitFor('drift check', () => [...repo.checkRuns.values()].find((r) => r.name === 'flowops drift' && r.headSha === headSha));
    await waitFor('drift check done', () => check.status === 'completed');
    expect(check.conclusion).toBe('failure');
    const issues = () => [...repo.issues.values()].filter((i) => i.labels.includes('flowops-drift'));
    await waitFor('drift issue', () => issues().length === 1);
    expect(issues()[0]!.body).toMatch(/hello[\s\S]*in git, never published/);
    // A redelivery of the same push is a duplicate; a second push updates the same issue.
    expect(await (await deliver('push', pushEvent({ ...ref, after: headSha }), 'push-1b')).json()).toMatchObject({ duplicate: true });
    const handle = client.workflow.getHandle(`gh-drift-acme-flows-${headSha}`);
    await handle.result();
    const desc = await client.schedule.getHandle('flowops-github-drift-acme-flows').describe();
    expect(desc.action).toMatchObject({ workflowType: 'flowopsGithubDrift' });
    expect(issues()).toHaveLength(1);
    await client.schedule.getHandle('flowops-github-drift-acme-flows').delete();
  });

  it('GitHub 5xx and rate limits are retried by Temporal, and the work still happens once', async () => {
    gh.failNext('reactions/create-for-issue-comment', 502);
    gh.failNext('reactions/create-for-issue-comment', 429, { 'retry-after': '1' });
    const { c, payload } = comment('ada', '/flowops help');
    expect((await deliver('issue_comment', payload, 'flaky-1')).status).toBe(202);
    await waitFor('👀 after retries', () => c.reactions.some((r) => r.content === 'eyes'));
    const attempts = gh.requests.filter((r) => r.operationId === 'reactions/create-for-issue-comment' && r.path.includes(`/${c.id}/`));
    expect(attempts.map((a) => a.status)).toEqual([502, 429, 201]);
    await waitFor('help reply', () => botComments(12).filter((b) => b.body.includes('@ada flowops commands')).length === 1);
  });
});
