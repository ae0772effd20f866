/**
 * `flowops run --env <non-local>` runs the registry's active version (not the checkout's), an
 * unpublished workflow is FLOW_UNKNOWN_WORKFLOW; `flowops dry-run --changed` dry-runs exactly
 * the changed workflows once per fixture, and `--report <pr>` starts the GitHub App's report
 * workflow with the results (asserted on the started workflow's input; the App's worker does
 * not run here). In-process (`main`, `runChanged`) against the dev server of the global setup.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import logWorker from '@flowops/plugin-log/worker';
import { Registry, SecretResolver, StaticSecretProvider, createFlowopsWorker, startCapabilityHeartbeat } from '@flowops/runtime';
import { testTemporalAddress } from '@flowops/testing/vitest';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type MainResult, runMain } from '../../run-main';
import { runChanged } from '../../../src/runtime/run-changed';
import { unique } from '../gitops/helpers';
import { type FlowRepo, flowRepo } from '../gitops/repo';

const taskQueue = unique('rt-tq');
const CONFIG = `import { defineConfig } from '@flowops/sdk';
export default defineConfig({ environments: { local: {}, staging: { address: '127.0.0.1:1', namespace: 'default', taskQueue: 'unused' }, production: { address: '127.0.0.1:1', namespace: 'default', taskQueue: 'unused' } } });
`;
const VARS: Record<string, string | undefined> = {
  FLOWOPS_NAMESPACE: 'default',
  FLOWOPS_TASK_QUEUE: taskQueue,
  FLOWOPS_ACTOR: 'runtime-test',
  NO_COLOR: '1',
  CI: undefined,
  GITHUB_SHA: undefined,
  GITHUB_BASE_REF: undefined,
  GITHUB_REPOSITORY: undefined,
  GITHUB_RUN_ID: undefined,
};
const saved: Record<string, string | undefined> = {};
let connection: Connection;
let native: NativeConnection;
let client: Client;
let stopWorker: () => Promise<void>;
let heartbeat: { stop(): Promise<void> } | undefined;

/** A YAML workflow with an input schema (`who` required) and optional fixtures. */
function files(name: string, version: string, greeting: string, fixtures: Record<string, string> = {}): Record<string, string> {
  const yaml = [
    `name: ${name}`,
    'owner: "@acme/platform"',
    'defaults:',
    '  retry: { maxAttempts: 2 }',
    '  timeout: 30s',
    'input:',
    '  type: object',
    '  properties:',
    '    who: { type: string, minLength: 1, default: "world" }',
    'steps:',
    '  - id: say',
    '    uses: log.write@1',
    '    with:',
    `      message: "${greeting} {{ input.who }}"`,
  ].join('\n');
  const out: Record<string, string> = {
    [`workflows/${name}/package.json`]: `${JSON.stringify({ name: `@workflows/${name}`, version, private: true })}\n`,
    [`workflows/${name}/workflow.yaml`]: `${yaml}\n`,
  };
  for (const [f, body] of Object.entries(fixtures)) out[`workflows/${name}/fixtures/${f}.json`] = body;
  return out;
}

function repoWithConfig(id: string): FlowRepo {
  const repo = flowRepo(id);
  // "type": "module": the config is ESM (without it tsx loads it as CommonJS)
  repo.write({ 'flowops.config.ts': CONFIG, 'package.json': '{ "private": true, "type": "module" }\n' });
  return repo;
}

function cli(repo: FlowRepo, argv: string[]): Promise<MainResult> {
  return runMain(argv, { cwd: repo.dir });
}

beforeAll(async () => {
  for (const [k, v] of Object.entries({ ...VARS, FLOWOPS_TEMPORAL_ADDRESS: testTemporalAddress() })) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // installed by another module of this process
  }
  connection = await Connection.connect({ address: testTemporalAddress() });
  client = new Client({ connection, namespace: 'default' });
  native = await NativeConnection.connect({ address: testTemporalAddress() });
  const { worker } = await createFlowopsWorker({
    connection: native,
    taskQueue,
    plugins: [logWorker],
    secrets: new SecretResolver({ providers: { env: new StaticSecretProvider({}) } }),
  });
  const running = worker.run();
  stopWorker = async () => {
    worker.shutdown();
    await running;
  };
  heartbeat = await startCapabilityHeartbeat(client, { taskQueue, identity: 'rt-it-worker', actions: ['log.write@1'], intervalMs: 5_000 });
});

afterAll(async () => {
  await heartbeat?.stop();
  await stopWorker?.();
  await native?.close();
  await connection?.close();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('flowops run on a non-local environment', () => {
  test('runs the active published version, --local the checkout, unpublished is FLOW_UNKNOWN_WORKFLOW', { timeout: 240_000 }, async () => {
    using repo = repoWithConfig(unique('rt-run'));
    const name = unique('rt-pub');
    repo.commit('v1', files(name, '1.0.0', 'v1 says hello to'));
    const published = await cli(repo, ['publish', '--env', 'staging']);
    expect(published.code, published.out + published.err).toBe(0);
    const v1Hash = (await new Registry(client).index(name))?.versions['1.0.0'];
    expect(v1Hash).toMatch(/^sha256:/);

    repo.write(files(name, '1.1.0', 'v2 greets')); // the checkout moves on, unpublished

    let r = await cli(repo, ['run', name, '--env', 'staging', 'who=ops', '--wait', '--json']);
    expect(r.code, r.err).toBe(0);
    const ran = JSON.parse(r.out);
    expect(ran).toMatchObject({ status: 'succeeded', version: '1.0.0', hash: v1Hash });
    expect(JSON.stringify(ran.steps)).toContain('v1 says hello to ops');
    const attrs = (await client.workflow.getHandle(ran.workflowId).describe()).typedSearchAttributes;
    expect(attrs.getAll().find((p) => p.key.name === 'FlowHash')?.value).toBe(v1Hash);
    expect(attrs.getAll().find((p) => p.key.name === 'FlowVersion')?.value).toBe('1.0.0');

    r = await cli(repo, ['run', name, '--env', 'staging', '--local', 'who=ops', '--wait', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'succeeded', version: '1.1.0' });
    expect(JSON.parse(r.out).hash).not.toBe(v1Hash);

    // input is validated against the published schema before anything starts
    r = await cli(repo, ['run', name, '--env', 'staging', 'who=']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('[FLOW_INVALID_INPUT]');

    r = await cli(repo, ['run', name, '--env', 'staging', '--version', '9.9.9']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('[FLOW_UNKNOWN_VERSION]');

    const never = unique('rt-never');
    r = await cli(repo, ['run', never, '--env', 'staging']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('[FLOW_UNKNOWN_WORKFLOW]');
    expect(r.err).toContain('flowops publish --env staging');
    expect(r.err).not.toContain('    at ');
  });
});

describe('flowops dry-run --changed', () => {
  test('dry-runs exactly the changed workflows per fixture; --report hands them, with fixtures and plans, to the report workflow', {
    timeout: 240_000,
  }, async () => {
    using repo = repoWithConfig(unique('rt-changed'));
    const [same, edited, added] = [unique('rt-same'), unique('rt-edit'), unique('rt-add')];
    repo.commit('base', { ...files(same, '1.0.0', 'hi'), ...files(edited, '1.0.0', 'hi') });
    repo.git('checkout', '-q', '-b', 'feature');
    const head = repo.commit('change', {
      ...files(edited, '1.1.0', 'hello', { alice: '{"who":"alice"}\n', bob: '{"who":"bob"}\n' }),
      ...files(added, '1.0.0', 'welcome', { broken: '{ not json', empty: '{}\n', refused: '{"who":""}\n' }),
    });

    let out = '';
    const plain = await runChanged({ root: repo.dir, env: 'staging', out: (t) => (out += t), err: () => undefined });
    expect(plain.result.set.base).toBe('main');
    expect(plain.result.set.changed.map((c) => [c.name, c.change])).toEqual(
      [
        [added, 'added'],
        [edited, 'changed'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    const byFixture = Object.fromEntries(plain.result.runs.map((r) => [`${r.workflow}/${r.fixture}`, r]));
    expect(Object.keys(byFixture).sort()).toEqual([`${added}/broken`, `${added}/empty`, `${added}/refused`, `${edited}/alice`, `${edited}/bob`].sort());
    expect(byFixture[`${edited}/alice`]).toMatchObject({ status: 'succeeded', workflowId: expect.stringMatching(new RegExp(`^flowops-${edited}-`)) });
    expect(JSON.stringify(byFixture[`${edited}/bob`]?.steps)).toContain('hello bob');
    expect(JSON.stringify(byFixture[`${added}/empty`]?.steps)).toContain('welcome world'); // {} plus the schema's default
    expect(byFixture[`${added}/broken`]).toMatchObject({ status: 'not-run', code: 'FLOW_INVALID_INPUT' });
    expect(byFixture[`${added}/refused`]).toMatchObject({ status: 'not-run', code: 'FLOW_INVALID_INPUT' });
    expect(plain.exitCode).toBe(1);
    expect(out).toContain('3 of 5 dry-run(s) succeeded');
    expect(out).not.toContain(same);
    // dry-runs are marked as such on the cluster
    const described = await client.workflow.getHandle(byFixture[`${edited}/alice`]!.workflowId!).describe();
    expect(described.typedSearchAttributes.getAll().find((p) => p.key.name === 'DryRun')?.value).toBe(true);

    const reportQueue = unique('rt-gh');
    // CI's replay verdict (--replay): the corpus gate next to `flowops replay --format json`.
    const verdictFile = path.join(mkdtempSync(path.join(tmpdir(), 'replay-verdict-')), 'replay-verdict.json');
    writeFileSync(
      verdictFile,
      JSON.stringify({
        corpus: { passed: false, failed: 1, firstFailure: 'sleep.json: mismatch' },
        cluster: { env: 'staging', replayed: 4, failures: 0, workflows: [] },
      }),
    );
    // No App worker polls reportQueue here (app.test.ts runs the workflow itself): start and return.
    const reported = await runChanged({
      root: repo.dir,
      env: 'staging',
      base: 'main',
      pr: 42,
      repo: 'acme/flows',
      reportTaskQueue: reportQueue,
      replay: verdictFile,
      wait: false,
      out: () => undefined,
      err: () => undefined,
    });
    expect(reported.report?.workflowId).toBe('gh-report-acme-flows-42');
    const handle = client.workflow.getHandle('gh-report-acme-flows-42');
    const desc = await handle.describe();
    expect(desc.type).toBe('flowopsGithubReport');
    expect(desc.taskQueue).toBe(reportQueue);
    const history = await handle.fetchHistory();
    const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    const input = defaultPayloadConverter.fromPayload(payload!) as Record<string, any>;
    expect(input).toMatchObject({ repo: { owner: 'acme', repo: 'flows' }, pr: 42, headSha: head, baseRef: 'main', environment: 'staging', fork: false });
    expect(input.replay).toEqual({
      corpus: { passed: false, failed: 1, firstFailure: 'sleep.json: mismatch' },
      cluster: { env: 'staging', replayed: 4, failed: 0 },
    });
    const wf = Object.fromEntries((input.workflows as any[]).map((w) => [w.name, w]));
    expect(Object.keys(wf).sort()).toEqual([added, edited].sort());
    expect(wf[edited]).toMatchObject({
      change: 'changed',
      version: '1.1.0',
      steps: { changed: ['say'] },
      fixtures: [
        { name: 'alice', input: { who: 'alice' } },
        { name: 'bob', input: { who: 'bob' } },
      ],
    });
    expect(wf[edited].dryRun).toBeUndefined(); // the report workflow runs them
    expect(wf[added].fixtures).toEqual([
      { name: 'broken', issue: { code: 'FLOW_INVALID_INPUT', message: expect.stringContaining('not valid JSON') } },
      { name: 'empty', input: {} },
      { name: 'refused', issue: { code: 'FLOW_INVALID_INPUT', message: expect.stringContaining('fixture refused') } },
    ]);
    expect(input.plans.map((p: { env: string }) => p.env)).toEqual(['staging', 'production']);
    expect(input.plans[0].rows.map((r: { workflow: string }) => r.workflow)).toEqual(expect.arrayContaining([added, edited]));
    // Waiting (the default) with no App worker: a warning says so; a report that ends without a
    // result (here terminated, as a newer report for the PR would) is a coded error, no stack.
    let warned = '';
    // The outcome is caught at once: it may reject while the test is still terminating the workflow.
    const waiting = runChanged({
      root: repo.dir,
      env: 'staging',
      base: 'main',
      pr: 42,
      repo: 'acme/flows',
      reportTaskQueue: reportQueue,
      out: () => undefined,
      err: (t) => (warned += t),
    }).then(
      () => new Error('runChanged returned although its report workflow was terminated'),
      (e: unknown) => e as Error,
    );
    const end = Date.now() + 60_000;
    while (!warned.includes('no GitHub App worker polls') && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(warned).toContain(`no GitHub App worker polls the task queue ${reportQueue}`);
    await handle.terminate('test: no App worker');
    expect((await waiting).message).toMatch(/report workflow gh-report-acme-flows-42 ended without a result[\s\S]*\[FLOW_INTERNAL\]/);
  });
});
