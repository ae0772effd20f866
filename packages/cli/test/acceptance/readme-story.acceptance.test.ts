/**
 * The README story ("A new workflow, end to end") through the real `flowops` binary, in a fresh
 * git repository made of this monorepo's root package.json, package-lock.json, changeset config
 * and workspace package.json files, against the dev server of the integration project's global
 * setup, with a real `flowops worker` and a 127.0.0.1 HTTP server the workflow calls:
 * new → lockfile in sync (npm ci) → check → a deliberate mistake (FLOW_ENV_UNDEFINED) → dry-run
 * with the fixture and env values → publish → run --wait → changeset version → publish 1.0.1 →
 * rollback (naming the next free version) → publish re-activates 1.0.0 → versions → drift in sync →
 * fix-forward: 1.0.1 again is `reused` in the plan, 1.0.2 is `changed` and publishes.
 * Each command below is quoted word for word in the root README.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { testTemporalAddress } from '@flowops/testing/vitest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { unique } from '../integration/gitops/helpers';
import { BIN, type FlowRepo, MONOREPO, flowRepo } from '../integration/gitops/repo';

const taskQueue = unique('acceptance-tq');
const hits: string[] = [];
let server: Server;
let base = '';
let worker: ChildProcess | undefined;
let workerOut = '';
let repo: FlowRepo;

const vars = (): NodeJS.ProcessEnv => ({
  ...process.env,
  FLOWOPS_TEMPORAL_ADDRESS: testTemporalAddress(),
  FLOWOPS_NAMESPACE: 'default',
  FLOWOPS_TASK_QUEUE: taskQueue,
  REFUND_API: base,
  CI: '',
  NO_COLOR: '1',
  GITHUB_SHA: '',
});

/**
 * Run a command of the story (a shell-like string, as the README quotes it). Asynchronously: the
 * HTTP server the workflow calls lives in this process.
 */
function sh(command: string): Promise<{ code: number | null; out: string; err: string }> {
  const [cmd, ...args] = command.split(' ');
  const argv = cmd === 'npx' && args[0] === 'flowops' ? [process.execPath, BIN, ...args.slice(1)] : [cmd!, ...args];
  const child = spawn(argv[0]!, argv.slice(1), { cwd: repo.dir, env: vars(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (err += d));
  const timer = setTimeout(() => child.kill('SIGTERM'), 240_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    }),
  );
}
const ok = async (command: string) => {
  const r = await sh(command);
  expect(r.code, `${command}\n${r.out}${r.err}`).toBe(0);
  return r;
};
const git = (...args: string[]) => repo.git(...args);
const edit = (rel: string, from: string | RegExp, to: string) =>
  writeFileSync(join(repo.dir, rel), readFileSync(join(repo.dir, rel), 'utf8').replace(from, to));

const CONFIG = `import { defineConfig, fromEnv } from '@flowops/sdk';

export default defineConfig({
  environments: {
    local: { env: { REFUND_API: fromEnv('REFUND_API') } },
    staging: { address: fromEnv('FLOWOPS_TEMPORAL_ADDRESS'), namespace: 'default', env: { REFUND_API: fromEnv('REFUND_API') } },
  },
});
`;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ refundable: true }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  repo = flowRepo(unique('acceptance'));
  const copy = (rel: string) => {
    mkdirSync(dirname(join(repo.dir, rel)), { recursive: true });
    copyFileSync(join(MONOREPO, rel), join(repo.dir, rel));
  };
  for (const f of ['package.json', 'package-lock.json', '.changeset/config.json']) copy(f);
  for (const b of ['packages', 'packages/plugins']) {
    for (const d of readdirSync(join(MONOREPO, b))) if (existsSync(join(MONOREPO, b, d, 'package.json'))) copy(`${b}/${d}/package.json`);
  }
  repo.write({ 'flowops.config.ts': CONFIG, 'workflows/.gitkeep': '' });
  repo.commit('a flowops repository');
  worker = spawn(process.execPath, [BIN, 'worker', '--env', 'local', '--unversioned'], { cwd: repo.dir, env: vars(), stdio: ['ignore', 'pipe', 'pipe'] });
  worker.stdout?.on('data', (d) => (workerOut += d));
  worker.stderr?.on('data', (d) => (workerOut += d));
  const deadline = Date.now() + 90_000;
  while (!workerOut.includes('flowops worker started')) {
    if (Date.now() > deadline || worker.exitCode !== null) throw new Error(`worker did not start: ${workerOut}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 180_000);

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    worker.kill('SIGTERM');
    await new Promise((r) => worker!.once('exit', r));
  }
  server?.close();
  repo?.[Symbol.dispose]();
});

describe('the README story, through the real binary', () => {
  test('new → check → mistake → dry-run → publish → run → changeset → rollback → versions → drift → fix-forward', { timeout: 600_000 }, async () => {
    // 1. a new workflow; its package is in package-lock.json, so npm ci is happy
    await ok('npx flowops new order-refund --owner @acme/payments');
    await ok('npm ci --ignore-scripts --no-audit --no-fund --dry-run');

    // it calls the refunds API at env('REFUND_API'); a new dependency means npm install
    edit('workflows/order-refund/package.json', '"@flowops/plugin-log": "*",', '"@flowops/plugin-http": "*",\n    "@flowops/plugin-log": "*",');
    edit(
      'workflows/order-refund/workflow.ts',
      "import log from '@flowops/plugin-log';",
      "import http from '@flowops/plugin-http';\nimport log from '@flowops/plugin-log';",
    );
    edit(
      'workflows/order-refund/workflow.ts',
      "import { defineWorkflow, step, tpl } from '@flowops/sdk';",
      "import { defineWorkflow, env, step, tpl } from '@flowops/sdk';",
    );
    edit(
      'workflows/order-refund/workflow.ts',
      'return { steps: [hello], output: { subject: input.subject } };',
      "const check = step('check-refundable', http.get({ url: tpl`${env('REFUND_API')}/refunds/${input.subject}` }));\n    return { steps: [hello, check], output: { subject: input.subject } };",
    );
    expect((await sh('npx flowops check --skip-typecheck')).out).toContain('FLOW_LOCKFILE_STALE');
    await ok('npm install --package-lock-only --ignore-scripts --no-audit --no-fund');
    await ok('npx flowops check');

    // 2. a deliberate mistake: an env() no environment defines
    edit('workflows/order-refund/workflow.ts', "env('REFUND_API')", "env('REFUNDS_API')");
    const mistake = await sh('npx flowops check --skip-typecheck');
    expect(mistake.code).toBe(1);
    expect(mistake.out).toContain('order-refund references env.REFUNDS_API, which no environment in flowops.config.ts defines');
    expect(mistake.out).toContain('FLOW_ENV_UNDEFINED');
    edit('workflows/order-refund/workflow.ts', "env('REFUNDS_API')", "env('REFUND_API')");
    await ok('npx flowops check --skip-typecheck');
    git('add', '-A');
    git('commit', '-q', '-m', 'order-refund 1.0.0');

    // 3. dry-run with the fixture: the read reaches the API at the config's REFUND_API
    hits.length = 0;
    const dry = await ok('npx flowops dry-run order-refund --input workflows/order-refund/fixtures/default.json');
    expect(dry.out).toContain('succeeded');
    expect(hits).toContain('GET /refunds/fixture-subject');

    // 4. publish to staging and run the published version there
    await ok('npx flowops publish --env staging');
    hits.length = 0;
    const run = await ok('npx flowops run order-refund --env staging subject=ord_abc123 --wait');
    expect(run.out).toContain('order-refund@1.0.0 (published)');
    expect(hits).toContain('GET /refunds/ord_abc123');

    // 5. a change, its changeset, changeset version → 1.0.1, published
    edit('workflows/order-refund/workflow.ts', 'defaults: { retry: { maxAttempts: 3,', 'defaults: { retry: { maxAttempts: 5,');
    writeFileSync(join(repo.dir, '.changeset/more-retries.md'), '---\n"@flowops-workflows/order-refund": patch\n---\n\nMore retries.\n');
    await ok('npx changeset version');
    expect(JSON.parse(readFileSync(join(repo.dir, 'workflows/order-refund/package.json'), 'utf8')).version).toBe('1.0.1');
    expect(readFileSync(join(repo.dir, 'workflows/order-refund/CHANGELOG.md'), 'utf8')).not.toContain('Updated dependencies');
    git('add', '-A');
    git('commit', '-q', '-m', 'order-refund 1.0.1');
    await ok('npx flowops publish --env staging');

    // 6. rollback: the revert commit, publish re-activates the immutable 1.0.0
    const rollback = await ok('npx flowops rollback order-refund');
    expect(rollback.out).toContain('To fix forward, bump order-refund to 1.0.2');
    expect(git('log', '-1', '--format=%b')).toContain('Fix forward with order-refund@1.0.2, the next free version');
    expect(JSON.parse(readFileSync(join(repo.dir, 'workflows/order-refund/package.json'), 'utf8')).version).toBe('1.0.0');
    await ok('npx flowops publish --env staging');
    const versions = await ok('npx flowops versions order-refund --env staging');
    expect(versions.out).toContain('active 1.0.0');
    expect(versions.out).toContain('rollback');

    // 7. drift: the cluster matches git
    await ok('npx flowops drift --env staging');

    // 8. fix-forward: bumping back to 1.0.1 reuses a published version; the next free one publishes
    edit('workflows/order-refund/workflow.ts', 'defaults: { retry: { maxAttempts: 3,', 'defaults: { retry: { maxAttempts: 4,');
    edit('workflows/order-refund/package.json', '"version": "1.0.0"', '"version": "1.0.1"');
    const reused = await sh('npx flowops plan --env staging');
    expect(reused.out).toContain('reused');
    expect(reused.out).toContain('version already published with other content — bump to 1.0.2');
    expect(reused.out).not.toContain('drifted');
    expect((await sh('npx flowops check --base HEAD')).out).toContain('bump to 1.0.2 (the next free version)');
    edit('workflows/order-refund/package.json', '"version": "1.0.1"', '"version": "1.0.2"');
    git('add', '-A');
    git('commit', '-q', '-m', 'order-refund 1.0.2: fix forward');
    const forward = await ok('npx flowops plan --env staging');
    expect(forward.out).toMatch(/order-refund\s+changed\s+1\.0\.0 → 1\.0\.2/);
    await ok('npx flowops publish --env staging');
    expect((await ok('npx flowops versions order-refund --env staging')).out).toContain('active 1.0.2');
  });
});
