/**
 * Fault scenarios shared by the fault suite (`npm run test:faults`) and the bench
 * (`npm run bench -- faults`): a write-heavy workflow (8 POSTs per run through the real http
 * plugin) against the deduplicating effects server while worker processes are SIGKILLed, or
 * while the dev server itself is SIGKILLed and restarted on its database file.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Workflow } from '@flowops/core';
import { Client, Connection } from '@temporalio/client';
import { interpreterBundle } from '../../../src/worker';
import { INTERPRETER_WORKFLOW_TYPE, type InterpreterArgs } from '../../../src/workflows/types';
import { type EffectsServer, startEffectsServer } from './effects-server';

const WORKER = fileURLToPath(new URL('./fault-worker.ts', import.meta.url));
export const STEPS_PER_RUN = 8;

/** The write-heavy workflow: `STEPS_PER_RUN` POSTs, each one effect `{ run, step }`. */
export function writeHeavyWorkflow(opts: { idempotencyKey?: boolean } = {}): Workflow {
  return Workflow.parse({
    apiVersion: 'flowops/v1',
    kind: 'Workflow',
    name: 'faults-write-heavy',
    version: '1.0.0',
    owner: '@flowops/faults',
    input: { type: 'object' },
    defaults: { timeout: '2m', retry: { maxAttempts: 6, backoff: 'fixed', initialInterval: '1s' } },
    steps: Array.from({ length: STEPS_PER_RUN }, (_, i) => ({
      id: `w${i + 1}`,
      type: 'action',
      uses: 'http.request@1',
      effect: 'write',
      with: {
        method: 'POST',
        url: '{{ env.EFFECTS_URL }}/effects',
        body: { run: '{{ run.id }}', step: `w${i + 1}` },
        ...(opts.idempotencyKey === false ? { idempotencyKey: false } : {}),
      },
    })),
  });
}

let bundlePath: Promise<string> | undefined;
/** The interpreter bundle built once and written to a file, so worker processes start in seconds. */
export function prebuiltBundle(): Promise<string> {
  bundlePath ??= interpreterBundle().then((b) => {
    const file = join(mkdtempSync(join(tmpdir(), 'flowops-faults-')), 'interpreter-bundle.js');
    writeFileSync(file, b.code);
    return file;
  });
  return bundlePath;
}

/** The `x-fault-worker` tag of each spawned worker. */
export const workerTags = new WeakMap<ChildProcess, string>();

/** Start a fault-worker process and wait until it polls. */
export async function spawnFaultWorker(address: string, taskQueue: string): Promise<ChildProcess> {
  const tag = `w-${randomBytes(4).toString('hex')}`;
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: { ...process.env, TEMPORAL_ADDRESS: address, TASK_QUEUE: taskQueue, WORKFLOW_BUNDLE: await prebuiltBundle(), FAULT_WORKER_TAG: tag },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  workerTags.set(child, tag);
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (b: Buffer) => {
      if (b.toString().includes('READY')) resolve(child);
    });
    child.once('exit', (code, signal) => reject(new Error(`fault worker exited before polling (${signal ?? code})`)));
  });
}

export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

export interface FaultResult {
  runs: number;
  completed: number;
  failed: string[];
  duplicate_effects: number;
  deduplicated: number;
  requests: number;
  kills: number;
  /** Longest time from a worker's death to the next attempt of a step it had in flight. */
  max_recovery_s: number;
  /** The same, measured from the first kill that cut the step (a retry may die with the next victim). */
  max_recovery_from_first_kill_s: number;
  /** Steps in flight at a kill that were never retried (should be none). */
  not_retried: number;
  duration_s: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rand = (lo: number, hi: number) => lo + Math.random() * (hi - lo);

interface KillRecord {
  at: number;
  inFlight: string[];
}

/**
 * For every (run, step) a kill cut: the time from its worker's death to the next attempt reaching
 * the server. Its worker's death is the latest kill before that attempt (a retry dispatched to a
 * worker that is killed next, before it sends, died with that worker); `maxFromFirst` measures from
 * the kill that first cut it.
 */
function recovery(server: EffectsServer, kills: KillRecord[]): { max: number; maxFromFirst: number; missing: number } {
  let max = 0;
  let maxFromFirst = 0;
  let missing = 0;
  for (const k of kills) {
    for (const id of k.inFlight) {
      const next = server.arrivals(id).find((t) => t > k.at);
      if (next === undefined) {
        missing++;
        continue;
      }
      const death = Math.max(...kills.filter((j) => j.at <= next).map((j) => j.at));
      max = Math.max(max, (next - death) / 1000);
      maxFromFirst = Math.max(maxFromFirst, (next - k.at) / 1000);
    }
  }
  return { max, maxFromFirst, missing };
}

async function startRuns(client: Client, taskQueue: string, runs: number, effectsUrl: string, ir: Workflow, spreadMs = 0) {
  const handles = [];
  for (let i = 0; i < runs; i++) {
    if (i > 0 && spreadMs > 0) await sleep(spreadMs / runs);
    const args: InterpreterArgs = { ir, input: {}, env: { EFFECTS_URL: effectsUrl }, dryRun: false };
    handles.push(await client.workflow.start(INTERPRETER_WORKFLOW_TYPE, { taskQueue, workflowId: `faults-${randomBytes(6).toString('hex')}`, args: [args] }));
  }
  return handles;
}

async function outcomes(client: Client, ids: string[], timeoutMs: number): Promise<{ completed: number; failed: string[] }> {
  const deadline = Date.now() + timeoutMs;
  const failed: string[] = [];
  let completed = 0;
  await Promise.all(
    ids.map(async (id) => {
      for (;;) {
        try {
          const r = (await client.workflow.getHandle(id).result()) as { status: string };
          if (r.status === 'succeeded') completed++;
          else failed.push(`${id}: ${r.status}`);
          return;
        } catch (err) {
          const transport = /UNAVAILABLE|ECONNREFUSED|DEADLINE|14 |4 /.test(String((err as Error).message));
          if (!transport || Date.now() > deadline) {
            failed.push(`${id}: ${(err as Error).message.split('\n')[0]} ${(err as { cause?: Error }).cause?.message ?? ''}`);
            return;
          }
          await sleep(1000);
        }
      }
    }),
  );
  return { completed, failed };
}

export interface WorkerKillOptions {
  address: string;
  runs: number;
  kills: number;
  /** Pause between kills (random in this range, ms). */
  gapMs?: [number, number];
  idempotencyKey?: boolean;
  timeoutMs?: number;
  /** Start the runs spread over this many ms (default 0: all at once), so kills keep finding work. */
  spreadMs?: number;
  /** Worker processes polling the queue (default 2: one is killed, the other keeps serving). */
  workers?: number;
  log?: (line: string) => void;
}

/**
 * `runs` write-heavy runs served by `workers` processes; one of them is SIGKILLed `kills` times
 * while POSTs are in flight and restarted (as a supervisor would), the others keep polling.
 */
export async function workerKillScenario(o: WorkerKillOptions): Promise<FaultResult> {
  const started = Date.now();
  const log = o.log ?? (() => {});
  const server = await startEffectsServer();
  const connection = await Connection.connect({ address: o.address });
  const client = new Client({ connection });
  const taskQueue = `faults-${randomBytes(4).toString('hex')}`;
  const workers = await Promise.all(Array.from({ length: o.workers ?? 2 }, () => spawnFaultWorker(o.address, taskQueue)));
  const kills: KillRecord[] = [];
  try {
    const starting = startRuns(client, taskQueue, o.runs, server.url, writeHeavyWorkflow({ idempotencyKey: o.idempotencyKey }), o.spreadMs);
    if (!o.spreadMs) await starting;
    const [lo, hi] = o.gapMs ?? [2000, 7000];
    for (let k = 0; k < o.kills; k++) {
      await sleep(rand(lo, hi));
      const victim = k % workers.length;
      // strike while the victim has POSTs in flight (up to 20 s of waiting)
      for (let i = 0; i < 200 && server.inFlight(workerTags.get(workers[victim]!)).length === 0; i++) await sleep(100);
      const at = Date.now();
      await killHard(workers[victim]!);
      await sleep(500); // the kernel closes the dead worker's sockets: the server sees its POSTs abandoned
      // the POSTs the dead worker had in flight (the other workers' ones finish normally)
      kills.push({ at, inFlight: server.abandonedSince(at) });
      log(`kill ${k + 1}/${o.kills}: worker ${victim + 1} of ${workers.length}, ${kills.at(-1)!.inFlight.length} of its POSTs in flight`);
      workers[victim] = await spawnFaultWorker(o.address, taskQueue);
      log(`  replacement polling after ${((Date.now() - at) / 1000).toFixed(1)} s`);
    }
    const handles = await starting;
    const { completed, failed } = await outcomes(
      client,
      handles.map((h) => h.workflowId),
      o.timeoutMs ?? 600_000,
    );
    const stats = server.stats();
    const r = recovery(server, kills);
    for (const [i, k] of kills.entries()) {
      const gaps = k.inFlight.map((id) => ((server.arrivals(id).find((t) => t > k.at) ?? Number.NaN) - k.at) / 1000).sort((a, b) => a - b);
      log(`kill ${i + 1}: retries after ${gaps.map((g) => g.toFixed(1)).join(', ')} s`);
    }
    return {
      runs: o.runs,
      completed,
      failed,
      duplicate_effects: stats.duplicateEffects,
      deduplicated: stats.deduplicated,
      requests: stats.requests,
      kills: kills.length,
      max_recovery_s: Math.round(r.max * 10) / 10,
      max_recovery_from_first_kill_s: Math.round(r.maxFromFirst * 10) / 10,
      not_retried: r.missing,
      duration_s: Math.round((Date.now() - started) / 100) / 10,
    };
  } finally {
    await Promise.all(workers.map((w) => killHard(w)));
    await connection.close();
    await server.close();
  }
}

/** pid of the `temporal server start-dev` child of this process listening on `port`. */
export function devServerPid(port: number): number | undefined {
  const lines = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' }).split('\n');
  const line = lines.find((l) => l.includes('start-dev') && l.includes(`--port ${port}`));
  return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
}

export { outcomes, startRuns };
