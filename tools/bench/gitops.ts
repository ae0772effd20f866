/**
 * GitOps benchmark: plan with no changes and a no-op re-publish at 200 and 1 000 workflows (one
 * namespace per size, 10% with a cron schedule) on a dev server, through the same code the CLI
 * runs (openSession → buildPlan → applyPlan). The first publish runs with an in-process system
 * worker (nothing else is deployed); the measured plans and re-publishes run in a fresh session
 * that starts no worker (checked). Writes bench-results/gitops.json.
 *
 * Targets: plan and re-publish ≤ 1 s at 200 and ≤ 2 s at 1 000 workflows.
 * Usage: npx tsx tools/bench/index.ts gitops [--counts 200,1000] [--address host:port] [--repeat R]
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Workflow, hashWorkflow } from '@flowops/core';
import { type GitWorkflow, type GitopsSession, applyPlan, buildPlan, lastReadTimings, openSession } from '@flowops/gitops';
import { startCapabilityHeartbeat } from '@flowops/runtime';
import { startDevServer } from '@flowops/testing';
import type { ResolvedEnvironment } from '@flowops/sdk';
import { msToTs } from '@temporalio/common/lib/time';
import { DefaultLogger, Runtime } from '@temporalio/worker';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TARGETS: Record<number, number> = { 200: 1000, 1000: 2000 };
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function workflows(count: number): GitWorkflow[] {
  return Array.from({ length: count }, (_, i) => {
    const ir = Workflow.parse({
      apiVersion: 'flowops/v1',
      kind: 'Workflow',
      name: `bench-gitops-${String(i).padStart(4, '0')}`,
      version: '1.0.0',
      owner: '@flowops/bench',
      input: { type: 'object', properties: { target: { type: 'string' } } },
      triggers: i % 10 === 0 ? [{ type: 'cron', schedule: `${i % 60} 3 * * *` }] : [{ type: 'manual' }],
      defaults: { timeout: '30s', retry: { maxAttempts: 3, backoff: 'exponential', initialInterval: '1s' } },
      steps: [
        { id: 'fetch', type: 'action', uses: 'log.write@1', effect: 'read', with: { message: `fetch ${i}` } },
        { id: 'transform', type: 'action', uses: 'log.write@1', effect: 'read', with: { message: '{{ steps.fetch.output }}' } },
        { id: 'notify', type: 'action', uses: 'log.write@1', effect: 'write', with: { message: 'done' } },
      ],
    });
    return { name: ir.name, version: ir.version, hash: hashWorkflow(ir), ir };
  });
}

/** The environment a bench session connects to (also the cli bench's publisher). */
export const envFor = (address: string, namespace: string, taskQueue = 'flowops-bench'): ResolvedEnvironment => ({
  name: 'bench',
  address,
  namespace,
  taskQueue,
  apiKey: undefined,
  tls: false,
  codecKeys: undefined,
  uiUrl: undefined,
  runners: [],
  protected: false,
});

/** Register `namespace` on the server unless it exists. */
export async function ensureNamespace(session: GitopsSession, namespace: string): Promise<void> {
  try {
    await session.client.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
    await new Promise((r) => setTimeout(r, 2000)); // namespace cache refresh
  } catch (error) {
    if ((error as { code?: number }).code !== 6) throw error; // ALREADY_EXISTS
  }
}

/** One size: first publish (in-process system worker), then plans and no-op re-publishes in a worker-free session. */
async function measure(address: string, count: number, repeat: number) {
  const namespace = `bench-gitops-${count}`;
  const git = workflows(count);
  const meta = { actor: 'bench', source: 'cli' as const, gitSha: '0000000' };
  const writer = await openSession(envFor(address, 'default'));
  await ensureNamespace(writer, namespace);
  await writer.close();
  const first = await openSession(envFor(address, namespace));
  const beat = await startCapabilityHeartbeat(first.client, { taskQueue: 'flowops-bench', identity: 'bench-worker', actions: ['log.write@1'] });
  let t = performance.now();
  let publishMs: number;
  try {
    const report = await applyPlan(first, await buildPlan(first, git), git, meta, { concurrency: 24 });
    publishMs = performance.now() - t;
    if (report.failed > 0 || report.changed !== count) throw new Error(`first publish: ${report.changed} changed, ${report.failed} failed`);
  } finally {
    await first.close();
  }
  const session = await openSession(envFor(address, namespace));
  try {
    const planRuns: number[] = [];
    const republishRuns: number[] = [];
    let phases: Record<string, number> = {};
    for (let i = 0; i < repeat; i++) {
      t = performance.now();
      const plan = await buildPlan(session, git);
      planRuns.push(performance.now() - t);
      phases = { ...lastReadTimings };
      if (plan.hasChanges || plan.counts.unchanged !== count) throw new Error(`plan after publish: ${JSON.stringify(plan.counts)}`);
      t = performance.now();
      const again = await applyPlan(session, await buildPlan(session, git), git, meta);
      republishRuns.push(performance.now() - t);
      if (again.changed !== 0) throw new Error(`re-publish changed ${again.changed} workflows`);
    }
    if (session.startedSystemWorker()) throw new Error('plan or a no-op re-publish started a system worker');
    const target = TARGETS[count] ?? 2000;
    return {
      workflows: count,
      with_schedules: git.filter((g) => g.ir.triggers.some((tr) => tr.type === 'cron')).length,
      first_publish_ms: Math.round(publishMs),
      plan_ms: Math.round(median(planRuns)),
      republish_ms: Math.round(median(republishRuns)),
      plan_runs_ms: planRuns.map(Math.round),
      republish_runs_ms: republishRuns.map(Math.round),
      plan_phases_ms: phases,
      system_worker_started: false,
      target_ms: target,
      ok: median(planRuns) <= target && median(republishRuns) <= target,
    };
  } finally {
    await beat.stop();
    await session.close();
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { counts: { type: 'string' }, count: { type: 'string' }, address: { type: 'string' }, repeat: { type: 'string' } },
    allowPositionals: true,
  });
  const counts = (values.counts ?? values.count ?? '200,1000').split(',').map(Number);
  const repeat = Number(values.repeat ?? 5);
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const server = values.address ? undefined : await startDevServer({ namespaces: counts.map((c) => `bench-gitops-${c}`), ui: false });
  const address = values.address ?? server!.address;
  const loadBefore = loadavg().map((l) => Math.round(l * 10) / 10);
  try {
    const sizes = [];
    for (const count of counts) sizes.push(await measure(address, count, repeat));
    const result = {
      sizes,
      load_average: { before: loadBefore, after: loadavg().map((l) => Math.round(l * 10) / 10) },
      ok: sizes.every((s) => s.ok),
      notes:
        'in-process (the CLI code paths); plan reads every registry index with one paged ListWorkflowExecutions, ' +
        'no describe per workflow and no worker; a CLI invocation adds process start-up, imports and compiling workflows/',
    };
    mkdirSync(path.join(root, 'bench-results'), { recursive: true });
    writeFileSync(path.join(root, 'bench-results', 'gitops.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result.ok ? 0 : 1;
  } finally {
    await server?.stop();
  }
}
