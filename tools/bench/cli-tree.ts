/**
 * The 200-workflow part of the `cli` bench: a generated tree laid out as a user's repository
 * (generate.ts, `@flowops/*` from their built `.d.ts`), its workflows published to a dev server
 * namespace the way gitops.ts publishes (in process, once, not timed), and the fresh-process cases
 * that run the real binary on it: `check` cold, warm and with one workflow changed, and
 * `plan --env local` against the published namespace (FLOWOPS_TEMPORAL_ADDRESS/FLOWOPS_NAMESPACE).
 * @module
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyPlan, buildPlan, loadGitWorkflows, openSession } from '@flowops/gitops';
import { startCapabilityHeartbeat } from '@flowops/runtime';
import { startDevServer } from '@flowops/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { generateTree } from './generate';
import { ensureNamespace, envFor } from './gitops';

/** One fresh-process case of the cli bench (see cli.ts). */
export interface TreeCase {
  key: string;
  label: string;
  command: string[];
  runs: number;
  cwd: string;
  env?: Record<string, string>;
  warm?: boolean;
  ok?: number[];
  /** Runs before each measured run, untimed (drop the cache, change a file). */
  before?: (run: number) => void;
}

export interface PublishedTree {
  root: string;
  cases: TreeCase[];
  /** Stops the heartbeat and the dev server it started, removes the tree. */
  close(): Promise<void>;
}

const NAMESPACE = 'bench-cli';
const TASK_QUEUE = 'flowops';

/** Change a string literal in a workflow (keeps it valid; changes its content hash). */
function touch(file: string, n: number): void {
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/description: '([^']*)'/, `description: 'edited ${n} $1'`));
}

/** Generate `count` workflows, publish them to `address` (or a dev server started here) and list the cases. */
export async function publishedTree(repo: string, count: number, runs: number, address?: string): Promise<PublishedTree> {
  const tree = generateTree(count, repo, undefined, { layout: 'user' });
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const server = address ? undefined : await startDevServer({ namespaces: [NAMESPACE], ui: false });
  const at = address ?? server!.address;
  const git = await loadGitWorkflows(tree.root);
  const writer = await openSession(envFor(at, 'default', TASK_QUEUE));
  await ensureNamespace(writer, NAMESPACE);
  await writer.close();
  // The actions every workflow uses, advertised as a runner would, so plan finds no plugin missing;
  // from a session of its own that stays open (and starts no system worker) while plan is timed.
  const runner = await openSession(envFor(at, NAMESPACE, TASK_QUEUE));
  const actions = [...new Set(git.workflows.flatMap((w) => [...JSON.stringify(w.ir).matchAll(/"uses":"([^"]+)"/g)].map((m) => m[1]!)))];
  const beat = await startCapabilityHeartbeat(runner.client, { taskQueue: TASK_QUEUE, identity: 'bench-cli-runner', actions });
  const session = await openSession(envFor(at, NAMESPACE, TASK_QUEUE));
  try {
    const meta = { actor: 'bench', source: 'cli' as const, gitSha: '0000000' };
    const report = await applyPlan(session, await buildPlan(session, git.workflows), git.workflows, meta, { concurrency: 24 });
    if (report.failed > 0 || report.changed !== count) throw new Error(`publishing the bench tree: ${report.changed} changed, ${report.failed} failed`);
  } finally {
    await session.close();
  }
  const node = process.execPath;
  const bin = path.join(repo, 'packages/cli/bin/flowops.js');
  const cache = path.join(tree.root, 'node_modules/.cache');
  const dropCache = () => rmSync(cache, { recursive: true, force: true });
  let edits = 0;
  const base = { cwd: tree.root, runs: Math.min(runs, 3) };
  const cases: TreeCase[] = [
    // First: the check cases below edit workflows, which would then differ from what was published.
    // plan reads the signed compile cache: a warm-up run fills it, as the publish before would.
    {
      ...base,
      key: 'plan_ms',
      label: `flowops plan --env local (${count} published, warm cache)`,
      command: [node, bin, 'plan', '--env', 'local', '--detailed-exitcode'],
      env: { FLOWOPS_TEMPORAL_ADDRESS: at, FLOWOPS_NAMESPACE: NAMESPACE, FLOWOPS_TASK_QUEUE: TASK_QUEUE },
      warm: true,
    },
    {
      ...base,
      key: 'plan_no_cache_ms',
      label: `flowops plan --env local --no-cache (${count} published)`,
      command: [node, bin, 'plan', '--env', 'local', '--detailed-exitcode', '--no-cache'],
      env: { FLOWOPS_TEMPORAL_ADDRESS: at, FLOWOPS_NAMESPACE: NAMESPACE, FLOWOPS_TASK_QUEUE: TASK_QUEUE },
    },
    { ...base, key: 'check_cold_ms', label: `flowops check (${count} workflows, no cache)`, command: [node, bin, 'check'], before: dropCache },
    { ...base, key: 'check_warm_ms', label: `flowops check (${count} workflows, warm cache)`, command: [node, bin, 'check'], warm: true },
    {
      ...base,
      key: 'check_one_change_ms',
      label: `flowops check (${count}, one changed)`,
      command: [node, bin, 'check'],
      warm: true,
      before: () => touch(tree.files[(edits++ * 7) % count]!, edits),
    },
    {
      ...base,
      key: 'check_one_change_tsgo_ms',
      label: `flowops check --engine tsgo (${count}, one changed)`,
      command: [node, bin, 'check', '--engine', 'tsgo'],
      warm: true,
      before: () => touch(tree.files[(edits++ * 7) % count]!, edits),
    },
  ];
  return {
    root: tree.root,
    cases,
    async close() {
      await beat.stop();
      await runner.close();
      await server?.stop();
      rmSync(tree.root, { recursive: true, force: true });
    },
  };
}
