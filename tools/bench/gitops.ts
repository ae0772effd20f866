/**
 * GitOps benchmark: 200 workflows on a fresh dev server, through the same code the CLI runs
 * (openSession → buildPlan → applyPlan): first publish of 200 new workflows (20 with a cron
 * schedule), plan with no changes, re-publish with no changes. Writes bench-results/gitops.json.
 *
 * Targets: plan ≤ 2 s, re-publish ≤ 2 s, first publish of 200 ≤ 30 s.
 * Usage: npx tsx tools/bench/index.ts gitops [--count N] [--address host:port] [--repeat R]
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Workflow, hashWorkflow } from '@flowops/core';
import { startCapabilityHeartbeat } from '@flowops/runtime';
import { startDevServer } from '@flowops/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { type GitWorkflow, applyPlan, buildPlan, lastReadTimings, openSession } from '@flowops/gitops';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
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
      name: `bench-gitops-${String(i).padStart(3, '0')}`,
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

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { count: { type: 'string' }, address: { type: 'string' }, repeat: { type: 'string' } },
    allowPositionals: true,
  });
  const count = Number(values.count ?? 200);
  const repeat = Number(values.repeat ?? 5);
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const server = values.address ? undefined : await startDevServer({ namespaces: ['staging'], ui: false });
  const address = values.address ?? server!.address;
  const taskQueue = 'flowops-bench';
  const session = await openSession({
    name: 'bench',
    address,
    namespace: 'staging',
    taskQueue,
    apiKey: undefined,
    tls: false,
    codecKeys: undefined,
    uiUrl: undefined,
    runners: [],
    protected: false,
  });
  const beat = await startCapabilityHeartbeat(session.client, { taskQueue, identity: 'bench-worker', actions: ['log.write@1'] });
  const git = workflows(count);
  const meta = { actor: 'bench', source: 'cli' as const, gitSha: '0000000' };
  try {
    let t = performance.now();
    await session.ensureSystemWorker();
    const systemWorkerMs = performance.now() - t;

    t = performance.now();
    const firstPlan = await buildPlan(session, git);
    const report = await applyPlan(session, firstPlan, git, meta);
    const publishMs = performance.now() - t;
    if (report.failed > 0 || report.changed !== count) throw new Error(`first publish: ${report.changed} changed, ${report.failed} failed`);

    const planRuns: number[] = [];
    const republishRuns: number[] = [];
    for (let i = 0; i < repeat; i++) {
      t = performance.now();
      const plan = await buildPlan(session, git);
      planRuns.push(performance.now() - t);
      if (plan.hasChanges) throw new Error('plan after publish still has changes');
      t = performance.now();
      const again = await applyPlan(session, await buildPlan(session, git), git, meta);
      republishRuns.push(performance.now() - t);
      if (again.changed !== 0) throw new Error(`re-publish changed ${again.changed} workflows`);
    }
    const result = {
      workflows: count,
      with_schedules: git.filter((g) => g.ir.triggers.some((tr) => tr.type === 'cron')).length,
      publish_200_ms: Math.round(publishMs),
      plan_ms: Math.round(median(planRuns)),
      republish_ms: Math.round(median(republishRuns)),
      plan_runs_ms: planRuns.map(Math.round),
      republish_runs_ms: republishRuns.map(Math.round),
      system_worker_start_ms: Math.round(systemWorkerMs),
      plan_phases_ms: { ...lastReadTimings },
      targets: { plan_ms: 2000, republish_ms: 2000, publish_200_ms: 30000 },
      ok: median(planRuns) <= 2000 && median(republishRuns) <= 2000 && publishMs <= 30000,
      notes: 'in-process (the CLI code paths); a CLI invocation adds process start-up, imports and compiling workflows/',
    };
    mkdirSync(path.join(root, 'bench-results'), { recursive: true });
    writeFileSync(path.join(root, 'bench-results', 'gitops.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result.ok ? 0 : 1;
  } finally {
    await beat.stop();
    await session.close();
    await server?.stop();
  }
}
