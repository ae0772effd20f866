/**
 * GitHub App benchmark: the real App (`startApp`: webhook server + its system worker) against a fresh Temporal dev server and the offline fake GitHub.
 * Sends signed webhooks on loopback at a fixed rate (open loop: request i leaves at i/rate s
 * whatever earlier answers took): distinct `issue_comment` `/flowops help` and `pull_request`
 * synchronize deliveries, plus ~10% replays — most under the same `X-GitHub-Delivery` (the
 * in-memory fast path), some under a new delivery id (GitHub's "redeliver": Temporal's workflow
 * id refuses them). Then, through the Temporal client, checks that every distinct delivery
 * started exactly one workflow (by the ids the App derives), that it completed, and that no
 * replay started anything. Writes bench-results/app.json.
 *
 * The App answers 202 once Temporal accepted the start (it is stateless), so its answer is
 * compared with the floor: bare `StartWorkflowExecution` calls from the App's own process, at
 * the same rate, right after the webhooks in the same run (`start_p95_ms`);
 * `ack_vs_start_p95` = the App's p95 / that p95 (target ≤ 1.5). `pull_request` events all
 * point at the real head commit of the definitions repository with base == head (a report per
 * PR is then cheap and cached), one PR number per event so each maps to its own workflow id.
 *
 * Targets: ack_vs_start_p95 ≤ 1.5; 0 lost; 0 duplicates started.
 * Usage: npx tsx tools/bench/index.ts app [--smoke] [--count N] [--rate R] [--role all|split] [--in-process] [--app-cpu-prof DIR]
 * (default --role all: the webhook server and its worker in one process, as `flowops app` runs
 * them; --role split: `flowops app --role server` + `--role worker` in two processes;
 * --in-process: the App in this process, as the integration tests run it.)
 * @module
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance as perf } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { FlowopsConfig } from '@flowops/sdk';
import { startDevServer } from '@flowops/testing';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { type AppOptions, startApp } from '../../packages/github-app/src/app';
import { SYSTEM_TASK_QUEUE } from '../../packages/github-app/src/config';
import { issueCommentEvent, pullRequestEvent, startFakeGitHub } from '@flowops/testing-github';
import { signPayload } from '../../packages/github-app/src/webhooks/signature';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECRET = 'bench-secret';
const ref = { owner: 'acme', repo: 'flows', installationId: 7 };
const PR = 12;

type Kind = 'comment' | 'pull_request' | 'replay' | 'redeliver';
interface Delivery {
  kind: Kind;
  event: string;
  delivery: string;
  body: string;
  /** The workflow id the App derives (distinct deliveries and redeliveries). */
  workflowId: string;
}
interface Answer {
  status: number;
  ms: number;
  /** Wall clock (epoch ms) when the answer arrived. */
  at: number;
  json: Record<string, unknown>;
}

const percentile = (xs: number[], p: number): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const round = (x: number) => Math.round(x * 10) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@e', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@e' },
  }).trim();
}

/** A one-workflow repository as a local bare clone source; returns its URL and head commit. */
function definitionsRepo(dir: string): { url: string; sha: string } {
  const work = path.join(dir, 'work');
  mkdirSync(path.join(work, 'workflows', 'hello'), { recursive: true });
  writeFileSync(
    path.join(work, 'workflows', 'hello', 'workflow.yaml'),
    'name: hello\nowner: "@acme/sre"\ninput:\n  type: object\n  properties:\n    who: { type: string }\nsteps:\n  - id: greet\n    uses: log.write@1\n    with:\n      message: "hello {{ input.who }}"\n',
  );
  writeFileSync(path.join(work, 'workflows', 'hello', 'package.json'), JSON.stringify({ name: '@bench/hello', version: '1.0.0', private: true }));
  git(work, 'init', '-q', '-b', 'main');
  git(work, 'add', '.');
  git(work, 'commit', '-qm', 'hello');
  const sha = git(work, 'rev-parse', 'HEAD');
  git(dir, 'clone', '-q', '--bare', work, 'flows.git');
  return { url: `file://${path.join(dir, 'flows.git')}`, sha };
}

/** The schedule: `distinct` new deliveries (half comments, half PR pushes) with replays mixed in. */
function plan(
  total: number,
  o: { pass: string; sha: string; firstPr: number; addComment: (body: string) => number; addPull: (n: number) => void },
): Delivery[] {
  const replays = Math.round(total / 10);
  const distinct = total - replays;
  const fresh: Delivery[] = [];
  for (let i = 0; i < distinct; i++) {
    const delivery = `bench-${o.pass}-${String(i).padStart(5, '0')}`;
    if (i % 2 === 0) {
      const commentId = o.addComment('/flowops help');
      const body = JSON.stringify(issueCommentEvent({ ...ref, number: PR, commentId, body: '/flowops help', login: 'wes' }));
      fresh.push({ kind: 'comment', event: 'issue_comment', delivery, body, workflowId: `gh-comment-acme-flows-${commentId}` });
    } else {
      const pr = o.firstPr + i;
      o.addPull(pr);
      const event = pullRequestEvent({ ...ref, action: 'synchronize', number: pr, headSha: o.sha, author: 'wes' });
      event.pull_request.base.sha = o.sha; // base == head: a real commit, nothing changed
      const body = JSON.stringify(event);
      fresh.push({ kind: 'pull_request', event: 'pull_request', delivery, body, workflowId: `gh-pr-acme-flows-${pr}-${o.sha}` });
    }
  }
  // Every 10th slot is a replay of a delivery sent ≥ 1 s earlier (at 50/s); 1 in 5 of them under a new id.
  const out: Delivery[] = [];
  let r = 0;
  for (const [i, d] of fresh.entries()) {
    out.push(d);
    if (out.length % 10 === 9 && r < replays) {
      const earlier = fresh[Math.max(0, i - 50 - ((r * 7) % 40))]!;
      out.push(r % 5 === 4 ? { ...earlier, kind: 'redeliver', delivery: `bench-${o.pass}-re-${r}` } : { ...earlier, kind: 'replay' });
      r++;
    }
  }
  return out;
}

async function send(url: string, d: Delivery): Promise<Answer> {
  const t = performance.now();
  try {
    const res = await fetch(`${url}/webhooks`, {
      method: 'POST',
      body: d.body,
      headers: {
        'content-type': 'application/json',
        'x-github-event': d.event,
        'x-github-delivery': d.delivery,
        'x-hub-signature-256': signPayload(SECRET, d.body),
      },
      signal: AbortSignal.timeout(10_000),
    });
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    return { status: res.status, ms: performance.now() - t, at: Date.now(), json };
  } catch (err) {
    return { status: 0, ms: performance.now() - t, at: Date.now(), json: { error: err instanceof Error ? err.message : String(err) } };
  }
}

/**
 * The open-loop sender in a worker thread of its own: the fake GitHub answering the App's worker
 * on this thread must not delay when requests leave or when answers are timed.
 */
const SENDER = `
const { parentPort, workerData } = require('node:worker_threads');
const { monitorEventLoopDelay, performance } = require('node:perf_hooks');
const { url, rate, items } = workerData;
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
const elu0 = performance.eventLoopUtilization();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function send(d) {
  const t = performance.now();
  try {
    const res = await fetch(url + '/webhooks', { method: 'POST', body: d.body, headers: { 'content-type': 'application/json', 'x-github-event': d.event, 'x-github-delivery': d.delivery, 'x-hub-signature-256': d.signature }, signal: AbortSignal.timeout(10000) });
    const json = await res.json().catch(() => ({}));
    return { status: res.status, ms: performance.now() - t, at: Date.now(), json };
  } catch (err) {
    return { status: 0, ms: performance.now() - t, at: Date.now(), json: { error: String((err && err.message) || err) } };
  }
}
(async () => {
  const started = performance.now();
  const answers = await Promise.all(items.map(async (d, i) => {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    return send(d);
  }));
  const sendMs = performance.now() - started;
  delay.disable();
  const u = performance.eventLoopUtilization(elu0);
  const r = (x) => Math.round(x * 10) / 10;
  parentPort.postMessage({ answers, sendMs, loop: { utilization: r(u.utilization * 100) / 100, delay_p50_ms: r(delay.percentile(50) / 1e6), delay_p99_ms: r(delay.percentile(99) / 1e6), delay_max_ms: r(delay.max / 1e6) } });
})();
`;
function sendFromThread(url: string, schedule: Delivery[], rate: number): Promise<{ answers: Answer[]; sendMs: number; loop: Record<string, number> }> {
  const items = schedule.map((d) => ({ event: d.event, delivery: d.delivery, body: d.body, signature: signPayload(SECRET, d.body) }));
  const worker = new Worker(SENDER, { eval: true, workerData: { url, rate, items } });
  return new Promise((resolve, reject) => {
    worker.once('message', (m) => {
      resolve(m as { answers: Answer[]; sendMs: number; loop: Record<string, number> });
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/**
 * Executions per workflow id on the App's task queue (status and start time of each run), once
 * visibility shows every id of `ids` closed.
 */
async function executions(
  client: Client,
  ids: Set<string>,
  timeoutMs: number,
): Promise<{ byId: Map<string, Array<{ status: string; startMs: number }>>; waitedMs: number }> {
  const t = Date.now();
  for (;;) {
    const byId = new Map<string, Array<{ status: string; startMs: number }>>();
    let closed = 0;
    for await (const w of client.workflow.list({ query: `TaskQueue = '${SYSTEM_TASK_QUEUE}'` })) {
      byId.set(w.workflowId, [...(byId.get(w.workflowId) ?? []), { status: w.status.name, startMs: w.startTime.getTime() }]);
      if (ids.has(w.workflowId) && w.status.name !== 'RUNNING') closed++;
    }
    if (closed >= ids.size || Date.now() - t > timeoutMs) return { byId, waitedMs: Date.now() - t };
    await sleep(500);
  }
}

type ServeOptions = Pick<AppOptions, 'config' | 'localAddress' | 'appRoot' | 'host' | 'role'> & { address: string };
const self = fileURLToPath(import.meta.url);

function appOptions(o: ServeOptions): AppOptions {
  const flowops = FlowopsConfig.parse({ environments: { local: { namespace: 'default' }, staging: { address: o.address, namespace: 'default' } } });
  return { config: o.config, flowops, localAddress: o.address, appRoot: root, host: '127.0.0.1', role: o.role ?? 'all' };
}

/** Child-process mode: run the App as `flowops app` would, print its URL, stop on SIGTERM. */
async function serve(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const app = await startApp(appOptions(JSON.parse(process.env.FLOWOPS_BENCH_APP ?? '{}') as ServeOptions));
  process.stdout.write(`${JSON.stringify({ url: app.url })}\n`);
  const baselineClient = new Client({
    connection: await Connection.connect({ address: (JSON.parse(process.env.FLOWOPS_BENCH_APP ?? '{}') as ServeOptions).address }),
    namespace: 'default',
  });
  // stdin "mark" starts measuring the App's own event loop, "report" prints it, "baseline <n> <rate> <tag>"
  // times bare starts from this process.
  const delay = monitorEventLoopDelay({ resolution: 10 });
  let elu = perf.eventLoopUtilization();
  process.stdin.setEncoding('utf8').on('data', (cmd: string) => {
    if (cmd.includes('mark')) {
      delay.reset();
      delay.enable();
      elu = perf.eventLoopUtilization();
    }
    const b = /baseline (\d+) (\d+) (\S+)/.exec(cmd);
    if (b) {
      void startBaseline(baselineClient, Number(b[1]), Number(b[2]), b[3]!).then((ms) => process.stdout.write(`${JSON.stringify({ baseline: ms })}\n`));
    }
    if (cmd.includes('report')) {
      const u = perf.eventLoopUtilization(elu);
      process.stdout.write(
        `${JSON.stringify({ loop: { utilization: round(u.utilization * 100) / 100, delay_p50_ms: round(delay.percentile(50) / 1e6), delay_p99_ms: round(delay.percentile(99) / 1e6), delay_max_ms: round(delay.max / 1e6) } })}\n`,
      );
    }
  });
  await new Promise((r) => process.once('SIGTERM', r));
  await app.close();
  process.exit(0);
}

/** The App in its own process (its own event loop, as in production); resolves with its URL. */
interface ChildApp {
  url: string;
  child: ChildProcess;
  /** Start measuring the App's event loop / return what was measured since. */
  mark(): void;
  loop(): Promise<unknown>;
  /** Bare starts timed in the App's process. */
  baseline(count: number, rate: number, tag: string): Promise<number[]>;
  stop(): Promise<void>;
}
function spawnApp(o: ServeOptions, cpuProfDir?: string): Promise<ChildApp> {
  const prof = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', self, '--serve-app'], {
    env: { ...process.env, FLOWOPS_BENCH_APP: JSON.stringify(o) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiters: Array<(line: string) => void> = [];
  const baselineWaiters: Array<(line: string) => void> = [];
  const baseline = (count: number, rate: number, tag: string) =>
    new Promise<number[]>((r) => {
      baselineWaiters.push((line) => r((JSON.parse(line) as { baseline: number[] }).baseline));
      child.stdin!.write(`baseline ${count} ${rate} ${tag}\n`);
    });
  const mark = () => void child.stdin!.write('mark\n');
  const loop = () =>
    new Promise<unknown>((r) => {
      waiters.push((line) => r((JSON.parse(line) as { loop: unknown }).loop));
      child.stdin!.write('report\n');
    });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the App did not start within 120 s')), 120_000);
    child.once('exit', (code) => reject(new Error(`the App exited with ${code} before listening`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const parts = out.split('\n');
      out = parts.pop()!;
      for (const line of parts) {
        if (line.startsWith('{"url"')) {
          clearTimeout(timer);
          resolve({ url: (JSON.parse(line) as { url: string }).url, child, mark, loop, baseline, stop });
        } else if (line.startsWith('{"loop"')) waiters.shift()?.(line);
        else if (line.startsWith('{"baseline"')) baselineWaiters.shift()?.(line);
      }
    });
  });
}

/** `flowops app --role server` and `flowops app --role worker`: two processes. */
async function spawnSplit(o: ServeOptions, cpuProfDir?: string): Promise<ChildApp & { workerLoop(): Promise<unknown> }> {
  const worker = await spawnApp({ ...o, role: 'worker' }, cpuProfDir);
  const web = await spawnApp({ ...o, role: 'server' }, cpuProfDir).catch(async (err: unknown) => {
    await worker.stop();
    throw err;
  });
  return {
    url: web.url,
    child: web.child,
    mark: () => {
      web.mark();
      worker.mark();
    },
    loop: () => web.loop(),
    baseline: (count, rate, tag) => web.baseline(count, rate, tag),
    workerLoop: () => worker.loop(),
    stop: async () => {
      await Promise.all([web.stop(), worker.stop()]);
    },
  };
}

/** The floor: bare `client.workflow.start` calls at a rate from the calling process (no HTTP, no routing). */
async function startBaseline(client: Client, count: number, rate: number, tag: string): Promise<number[]> {
  const t0 = performance.now();
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const wait = t0 + (i * 1000) / rate - performance.now();
      if (wait > 0) await sleep(wait);
      const t = performance.now();
      await client.workflow.start('benchBaseline', { taskQueue: 'bench-baseline-no-worker', workflowId: `baseline-${tag}-${i}` });
      return performance.now() - t;
    }),
  );
}

interface Env {
  client: Client;
  gh: Awaited<ReturnType<typeof startFakeGitHub>>;
  repo: ReturnType<Awaited<ReturnType<typeof startFakeGitHub>>['state']['addRepo']>;
  defs: { url: string; sha: string };
  serveOptions: ServeOptions;
  dir: string;
}

/** One measured pass against a fresh App; returns its figures. */
async function measure(
  env: Env,
  pass: number,
  o: { total: number; rate: number; inProcess: boolean; split: boolean; cpuProf: string | undefined },
): Promise<Record<string, unknown> & { ok: boolean; correct: boolean }> {
  const { client, gh, repo, defs } = env;
  const serveOptions: ServeOptions = env.serveOptions;
  const tag = `p${pass}-${process.pid}`;
  const app = o.inProcess
    ? await startApp(appOptions(serveOptions))
    : o.split
      ? await spawnSplit(serveOptions, o.cpuProf)
      : await spawnApp({ ...serveOptions, role: 'all' }, o.cpuProf);
  try {
    const schedule = plan(o.total, {
      pass: tag,
      sha: defs.sha,
      firstPr: 1000 + pass * 10_000,
      addComment: (body) => gh.state.addComment(repo, PR, 'wes', body).id,
      addPull: (n) => void gh.state.addPull(repo, n, { headSha: defs.sha, headRef: `f${n}`, baseRef: 'main', headRepo: 'acme/flows', author: 'wes' }),
    });
    // Warm-up outside the measurement: one comment (clones + compiles the definitions once, as
    // the first comment on a PR head would) and one PR event.
    const warmComment = gh.state.addComment(repo, PR, 'wes', '/flowops help').id;
    const warmPr = 900 + pass;
    gh.state.addPull(repo, warmPr, { headSha: defs.sha, headRef: 'feature', baseRef: 'main', headRepo: 'acme/flows', author: 'wes' });
    const warmPrEvent = pullRequestEvent({ ...ref, action: 'opened', number: warmPr, headSha: defs.sha, author: 'wes' });
    warmPrEvent.pull_request.base.sha = defs.sha;
    const warm: Delivery[] = [
      {
        kind: 'comment',
        event: 'issue_comment',
        delivery: `warm-${tag}-1`,
        body: JSON.stringify(issueCommentEvent({ ...ref, number: PR, commentId: warmComment, body: '/flowops help', login: 'wes' })),
        workflowId: `gh-comment-acme-flows-${warmComment}`,
      },
      {
        kind: 'pull_request',
        event: 'pull_request',
        delivery: `warm-${tag}-2`,
        body: JSON.stringify(warmPrEvent),
        workflowId: `gh-pr-acme-flows-${warmPr}-${defs.sha}`,
      },
    ];
    const warmIds = new Set(warm.map((d) => d.workflowId));
    const warmStart = performance.now();
    for (const d of warm) {
      const a = await send(app.url, d);
      if (a.status !== 202) throw new Error(`warm-up ${d.event} answered ${a.status} ${JSON.stringify(a.json)}`);
    }
    for (const id of warmIds) {
      for (let i = 0; ; i++) {
        try {
          await client.workflow.getHandle(id).result();
          break;
        } catch (err) {
          if (i > 100) throw err;
          await sleep(100);
        }
      }
    }
    const warmupMs = performance.now() - warmStart;

    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    if ('mark' in app) app.mark();
    const elu0 = perf.eventLoopUtilization();
    const sent = await sendFromThread(app.url, schedule, o.rate);
    const { answers, sendMs } = sent;
    loopDelay.disable();
    const elu = perf.eventLoopUtilization(elu0);
    const appLoop = 'loop' in app ? await app.loop() : 'same process as the sender';
    // The floor, in the same run: as many bare starts at the same rate, from the App's process.
    const startCount = schedule.filter((d) => d.kind === 'comment' || d.kind === 'pull_request').length;
    const baseline = 'baseline' in app ? await app.baseline(startCount, o.rate, tag) : await startBaseline(client, startCount, o.rate, tag);
    const workerLoop = 'workerLoop' in app ? await (app as { workerLoop(): Promise<unknown> }).workerLoop() : undefined;

    const distinct = schedule.filter((d) => d.kind === 'comment' || d.kind === 'pull_request');
    const expectedIds = new Set(distinct.map((d) => d.workflowId));
    const passIds = new Set([...expectedIds, ...warmIds]);
    const { byId, waitedMs } = await executions(client, passIds, 300_000); // a 900-workflow backlog drains in ~2.5 min on 2 quiet cores
    const lostIds = [...expectedIds].filter((id) => !byId.has(id));
    const duplicatesStarted = [...passIds].reduce((n, id) => n + Math.max(0, (byId.get(id)?.length ?? 0) - 1), 0);
    const notCompleted = [...expectedIds].filter((id) => byId.get(id)?.some((r) => r.status !== 'COMPLETED'));
    const unanswered = answers.filter((a) => a.status === 0 || a.status >= 500).length;
    const firstOk = schedule.filter((d, i) => (d.kind === 'comment' || d.kind === 'pull_request') && answers[i]!.status === 202).length;
    const replayOk = schedule.filter(
      (d, i) => (d.kind === 'replay' || d.kind === 'redeliver') && answers[i]!.status === 200 && answers[i]!.json.duplicate === true,
    ).length;
    // From the 202 at the sender to the workflow's start time in Temporal (same machine clock):
    // negative, since the App answers only once Temporal accepted the start.
    const answerToStart = schedule.flatMap((d, i) => {
      const run = d.kind === 'comment' || d.kind === 'pull_request' ? byId.get(d.workflowId)?.[0] : undefined;
      return run ? [run.startMs - answers[i]!.at] : [];
    });
    const replays = schedule.length - distinct.length;
    const ms = answers.map((a) => a.ms);
    const by = (k: Kind[]) => answers.filter((_, i) => k.includes(schedule[i]!.kind)).map((a) => a.ms);
    const statusCounts: Record<string, number> = {};
    for (const a of answers) statusCounts[a.status] = (statusCounts[a.status] ?? 0) + 1;
    // correct: every webhook answered, each distinct delivery started exactly once and completed, every replay recognised.
    const correct =
      unanswered === 0 && lostIds.length === 0 && duplicatesStarted === 0 && firstOk === distinct.length && replayOk === replays && notCompleted.length === 0;
    const ackVsStart = Math.round((percentile(ms, 95) / percentile(baseline, 95)) * 100) / 100;
    const ok = correct && ackVsStart <= 1.5;
    if (lostIds.length > 0) process.stderr.write(`lost: ${lostIds.slice(0, 5).join(', ')}\n`);
    if (notCompleted.length > 0)
      process.stderr.write(
        `not completed: ${notCompleted
          .slice(0, 5)
          .map((id) => `${id} ${JSON.stringify(byId.get(id))}`)
          .join(', ')}\n`,
      );
    return {
      ok,
      correct,
      ack_vs_start_p95: ackVsStart,
      requests: answers.length,
      rate_per_s: o.rate,
      achieved_rate_per_s: round(answers.length / (sendMs / 1000)),
      distinct_deliveries: distinct.length,
      replays,
      replays_same_delivery_id: schedule.filter((d) => d.kind === 'replay').length,
      redeliveries_new_id: schedule.filter((d) => d.kind === 'redeliver').length,
      p50_ms: round(percentile(ms, 50)),
      p95_ms: round(percentile(ms, 95)),
      p99_ms: round(percentile(ms, 99)),
      max_ms: round(Math.max(...ms)),
      start_p50_ms: round(percentile(baseline, 50)),
      start_p95_ms: round(percentile(baseline, 95)),
      start_requests: baseline.length,
      p95_by_kind_ms: {
        start: round(percentile(by(['comment', 'pull_request']), 95)),
        replay: round(percentile(by(['replay']), 95)),
        redeliver: round(percentile(by(['redeliver']), 95)),
      },
      answer_to_workflow_start_ms: {
        p50: round(percentile(answerToStart, 50)),
        p95: round(percentile(answerToStart, 95)),
        max: round(Math.max(...answerToStart)),
      },
      status_counts: statusCounts,
      app_event_loop: appLoop,
      ...(workerLoop ? { app_worker_event_loop: workerLoop } : {}),
      sender_event_loop: sent.loop,
      fake_github_event_loop: {
        utilization: round(elu.utilization * 100) / 100,
        delay_p50_ms: round(loopDelay.percentile(50) / 1e6),
        delay_p99_ms: round(loopDelay.percentile(99) / 1e6),
        delay_max_ms: round(loopDelay.max / 1e6),
      },
      unanswered,
      accepted_202: firstOk,
      replays_recognised: replayOk,
      lost: lostIds.length,
      duplicates_started: duplicatesStarted,
      workflows_not_completed: notCompleted.length,
      warmup_ms: Math.round(warmupMs),
      drain_ms: waitedMs,
      load_average_after: loadavg().map((x) => round(x)),
    };
  } finally {
    await ('close' in app ? app.close() : app.stop());
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      smoke: { type: 'boolean' },
      'in-process': { type: 'boolean' },
      'app-cpu-prof': { type: 'string' },
      role: { type: 'string' },
      count: { type: 'string' },
      rate: { type: 'string' },
    },
    allowPositionals: true,
  });
  const total = Number(values.count ?? (values.smoke ? 50 : 1000));
  const rate = Number(values.rate ?? 50);
  if (!(total > 0 && total <= 10_000 && rate > 0 && rate <= 500)) throw new Error('--count must be 1..10000 and --rate 1..500');
  const inProcess = values['in-process'] === true;
  const role = values.role ?? 'all';
  if (role !== 'split' && role !== 'all') throw new Error('--role must be all or split');
  const split = !inProcess && role === 'split';
  const loadBefore = loadavg().map((x) => round(x));
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const dir = mkdtempSync(path.join(tmpdir(), 'flowops-bench-app-'));
  const server = await startDevServer({ ui: false });
  const gh = await startFakeGitHub();
  const repo = gh.state.addRepo(ref.owner, ref.repo, ref.installationId);
  const defs = definitionsRepo(dir);
  gh.state.addPull(repo, PR, { headSha: defs.sha, headRef: 'feature', baseRef: 'main', headRepo: 'acme/flows' });
  repo.collaborators.set('wes', 'write');
  const serveOptions: ServeOptions = {
    address: server.address,
    config: {
      appId: gh.appId,
      privateKey: gh.privateKeyPem!,
      webhookSecret: SECRET,
      apiUrl: gh.url,
      port: 0,
      environment: 'local',
      taskQueue: SYSTEM_TASK_QUEUE,
      maxBodyBytes: 1_000_000,
      cloneUrl: defs.url,
    },
  };
  const client = new Client({ connection: await Connection.connect({ address: server.address }), namespace: 'default' });
  try {
    const pass = await measure({ client, gh, repo, defs, serveOptions, dir }, 0, { total, rate, inProcess, split, cpuProf: values['app-cpu-prof'] });
    const result = {
      ...pass,
      targets: { ack_vs_start_p95: 1.5, lost: 0, duplicates_started: 0 },
      app_process: inProcess
        ? 'in-process (with the sender and the fake GitHub)'
        : split
          ? 'split: `flowops app --role server` and `--role worker` in two processes'
          : 'own process: webhook server + its worker, as `flowops app` (role all)',
      load_average: loadBefore,
      cpus: cpus().length,
      fake_github_requests: gh.requests.length,
      notes:
        'loopback; latency measured at the sender, open loop (request i leaves at i/rate s); the App answers 202 once Temporal accepted the start; start_p50_ms/start_p95_ms = as many bare StartWorkflowExecution calls at the same rate from the App process (its own client, a queue with no worker) right after the webhooks, while its worker drains the same backlog; ack_vs_start_p95 = p95_ms / start_p95_ms; answer_to_workflow_start_ms = Temporal start time minus the answer at the sender; the sender runs in its own worker thread (sender_event_loop), so the fake GitHub serving the App worker on the main thread (fake_github_event_loop) does not delay the timing; the dev server and the App share this machine',
    };
    mkdirSync(path.join(root, 'bench-results'), { recursive: true });
    writeFileSync(path.join(root, 'bench-results', 'app.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result.ok ? 0 : 1;
  } finally {
    await client.connection.close();
    await gh.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--serve-app') && process.argv[1] && path.resolve(process.argv[1]) === self) await serve();
