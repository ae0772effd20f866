/**
 * Parity: for one repository state published to the dev server, the real `flowops plan --format
 * json` and the GitHub App's `/flowops plan` (a signed comment webhook → the App's comment
 * workflow → its plan activity → the reply on the fake GitHub) carry the same entries — workflow,
 * status, active version and git's version — for every status a plan knows: new, changed,
 * rollback (a git revert; the App asks GitHub's compare), drifted (published out of band),
 * removed, and a new workflow whose plugin no live worker serves.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { openSession } from '@flowops/gitops';
import { type RunningApp, signPayload, startApp } from '@flowops/github-app';
import { type FakeGitHub, issueCommentEvent, startFakeGitHub } from '@flowops/testing-github';
import { type Workflow, hashWorkflow } from '@flowops/core';
import { startCapabilityHeartbeat } from '@flowops/runtime';
import { FlowopsConfig } from '@flowops/sdk';
import { testTemporalAddress, waitFor } from '@flowops/testing/vitest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { environment, unique } from './helpers';
import { BIN, type FlowRepo, MONOREPO, flowRepo, workflowFiles } from './repo';

const run = promisify(execFile);
const NAMESPACE = 'default';
const SECRET = 'parity-secret';
const taskQueue = unique('parity-tq');
const appQueue = unique('parity-app');
const p = unique('par');
/** A repository of its own per run: comment workflow ids derive from the repository and the comment id. */
const ref = { owner: 'acme', repo: unique('parity'), installationId: 31 };

let repo: FlowRepo;
let gh: FakeGitHub;
let app: RunningApp | undefined;
let heartbeat: { stop(): Promise<void> } | undefined;

/** The real binary against the dev server's `default` namespace on this test's task queue. */
async function flowops(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], {
      cwd: repo.dir,
      env: {
        ...process.env,
        FLOWOPS_TEMPORAL_ADDRESS: testTemporalAddress(),
        FLOWOPS_NAMESPACE: NAMESPACE,
        FLOWOPS_TASK_QUEUE: taskQueue,
        FLOWOPS_ACTOR: 'parity',
        CI: '',
        NO_COLOR: '1',
      },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? 1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** A workflow using transform.jsonata@1, which no live worker on the test's task queue serves. */
function unservedFiles(name: string, version: string): Record<string, string> {
  const yaml = [
    'name: ' + name,
    'owner: "@acme/platform"',
    'steps:',
    '  - id: calc',
    '    uses: transform.jsonata@1',
    '    with:',
    '      expression: "1 + 1"',
    '      data: {}',
  ].join('\n');
  return {
    [`workflows/${name}/package.json`]: `${JSON.stringify({ name: `@workflows/${name}`, version, private: true })}\n`,
    [`workflows/${name}/workflow.yaml`]: `${yaml}\n`,
  };
}

interface Row {
  workflow: string;
  status: string;
  active: string;
  git: string;
}

beforeAll(async () => {
  repo = flowRepo(p);
  gh = await startFakeGitHub();
  const fake = gh.state.addRepo(ref.owner, ref.repo, ref.installationId);
  fake.gitDir = repo.dir;
  fake.collaborators.set('wes', 'write');
  const session = await openSession(environment(NAMESPACE, taskQueue));
  heartbeat = await startCapabilityHeartbeat(session.client, { taskQueue, identity: 'parity-worker', actions: ['log.write@1'], intervalMs: 5_000 });
  await session.close();
});

afterAll(async () => {
  await app?.close();
  await heartbeat?.stop();
  await gh?.close();
  repo?.[Symbol.dispose]();
});

describe('flowops plan and /flowops plan', () => {
  test('carry the same entries for the same repository state', { timeout: 600_000 }, async () => {
    // Published: same, bump, revert, gone, oob at 1.0.0; then revert at 1.1.0 (from this history).
    repo.commit('add', {
      ...workflowFiles({ name: `${p}-same`, version: '1.0.0' }),
      ...workflowFiles({ name: `${p}-bump`, version: '1.0.0' }),
      ...workflowFiles({ name: `${p}-revert`, version: '1.0.0' }),
      ...workflowFiles({ name: `${p}-gone`, version: '1.0.0' }),
      ...workflowFiles({ name: `${p}-oob`, version: '1.0.0' }),
    });
    let r = await flowops('publish', '--env', 'local');
    expect(r.code, r.stderr).toBe(0);
    const revertBump = repo.commit('revert 1.1.0', workflowFiles({ name: `${p}-revert`, version: '1.1.0', message: 'second' }));
    r = await flowops('publish', '--env', 'local');
    expect(r.code, r.stderr).toBe(0);

    // Out of band: oob 2.0.0 published without a git commit.
    const session = await openSession(environment(NAMESPACE, taskQueue));
    try {
      await session.ensureSystemWorker();
      const oob = (await session.registry.definition(`${p}-oob`, '1.0.0')) as Workflow;
      const v2 = { ...oob, version: '2.0.0', description: 'out of band' } as Workflow;
      const published = await session.registry.publish({
        version: '2.0.0',
        hash: hashWorkflow(v2),
        ir: v2,
        activate: true,
        meta: { actor: 'someone', source: 'cli' },
      });
      expect(published.ok).toBe(true);
    } finally {
      await session.close();
    }

    // The state both plan: a revert, a bump, a removal, a new workflow, one no live worker serves.
    repo.git('revert', '--no-edit', revertBump);
    const head = repo.commit('change', {
      ...workflowFiles({ name: `${p}-bump`, version: '1.1.0', message: 'bumped' }),
      [`workflows/${p}-gone/package.json`]: null,
      [`workflows/${p}-gone/workflow.yaml`]: null,
      ...workflowFiles({ name: `${p}-new`, version: '0.1.0' }),
      ...unservedFiles(`${p}-unserved`, '0.1.0'),
    });

    r = await flowops('plan', '--env', 'local', '--format', 'json');
    expect(r.code, r.stderr).toBe(1); // the unserved workflow is refused
    const plan = JSON.parse(r.stdout) as {
      entries: Array<{ name: string; status: string; cluster?: { active: string | null }; git?: { version: string }; missingPlugins: string[] }>;
    };
    const ours = plan.entries.filter((e) => e.name.startsWith(`${p}-`));
    const cli: Row[] = ours
      .filter((e) => e.status !== 'unchanged' || e.missingPlugins.length > 0)
      .map((e) => ({ workflow: e.name, status: e.status, active: e.cluster?.active ?? '—', git: e.git?.version ?? '—' }))
      .sort((a, b) => a.workflow.localeCompare(b.workflow));
    expect(ours.find((e) => e.name === `${p}-same`)?.status).toBe('unchanged');
    expect(ours.find((e) => e.name === `${p}-unserved`)?.missingPlugins).toEqual(['transform.jsonata@1']);
    expect(cli).toEqual([
      { workflow: `${p}-bump`, status: 'changed', active: '1.0.0', git: '1.1.0' },
      { workflow: `${p}-gone`, status: 'removed', active: '1.0.0', git: '—' },
      { workflow: `${p}-new`, status: 'new', active: '—', git: '0.1.0' },
      { workflow: `${p}-oob`, status: 'drifted', active: '2.0.0', git: '1.0.0' },
      { workflow: `${p}-revert`, status: 'rollback', active: '1.1.0', git: '1.0.0' },
      { workflow: `${p}-unserved`, status: 'new', active: '—', git: '0.1.0' },
    ]);

    // The App, for the pull request whose head is that commit.
    app = await startApp({
      config: {
        appId: gh.appId,
        privateKey: gh.privateKeyPem!,
        webhookSecret: SECRET,
        apiUrl: gh.url,
        port: 0,
        environment: 'local',
        taskQueue: appQueue,
        maxBodyBytes: 1_000_000,
        cloneUrl: `file://${repo.dir}`,
      },
      flowops: FlowopsConfig.parse({ environments: { local: { address: testTemporalAddress(), namespace: NAMESPACE, taskQueue } } }),
      localAddress: testTemporalAddress(),
      appRoot: MONOREPO,
      host: '127.0.0.1',
      redelivery: false,
    });
    const fake = gh.state.repo(ref.owner, ref.repo)!;
    gh.state.addPull(fake, 5, { headSha: head, headRef: 'change', baseRef: 'main', headRepo: `${ref.owner}/${ref.repo}`, author: 'wes' });
    const c = gh.state.addComment(fake, 5, 'wes', '/flowops plan --env local');
    const body = JSON.stringify(issueCommentEvent({ ...ref, number: 5, commentId: c.id, body: c.body, login: 'wes' }));
    const res = await fetch(`${app.url}/webhooks`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'issue_comment',
        'x-github-delivery': unique('delivery'),
        'x-hub-signature-256': signPayload(SECRET, body),
      },
    });
    expect(res.status).toBeLessThan(300);
    const reply = await waitFor(
      "the App's plan reply",
      () => [...fake.comments.values()].find((x) => x.issueNumber === 5 && x.user.login === 'flowops[bot]' && x.body.includes('plan for')),
      {
        timeoutMs: 240_000,
        context: () => [...fake.comments.values()].map((x) => x.body).join('\n---\n'),
      },
    );
    const rows: Row[] = reply.body
      .split('\n')
      .filter((l) => l.startsWith(`| ${p}-`))
      .map((l) => l.slice(2, -2).split(' | '))
      .map(([workflow, status, active, git]) => ({ workflow: workflow!, status: status!, active: active!, git: git! }))
      .sort((a, b) => a.workflow.localeCompare(b.workflow));
    expect(rows, reply.body).toEqual(cli);
  });
});
