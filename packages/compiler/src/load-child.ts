/**
 * Loading TypeScript workflow modules in a child process with a time limit and a memory cap.
 * An endless loop at a module's top level blocks its event loop, so only a separate process can
 * be stopped: one long-lived loader child serves the whole check (its tsx, SDK and zod stay
 * loaded), requests run one at a time, and a module that overruns the limit gets
 * FLOW_LOAD_ERROR "did not finish loading within 10 s" — the child is killed and the next module
 * gets a fresh one. Limits: `FLOWOPS_LOAD_TIMEOUT_MS` (default 10000) and
 * `FLOWOPS_LOAD_MEMORY_MB` (default 1024), or the check options.
 * @module
 */
import { type ChildProcess, fork } from 'node:child_process';
import { childEnv } from '@flowops/core';
import type { WorkflowSource } from './discover';
import type { TsLoadFailure } from './load-ts';

/** What the loader child answers: the workflow's IR (plain data) or why it could not be loaded. */
export type IrLoad = { ok: true; ir: unknown } | TsLoadFailure;

export interface LoadLimits {
  /** Wall-clock limit for loading one module, in milliseconds (default 10000). */
  timeoutMs: number;
  /** Heap cap of the loader process, in megabytes (default 1024). */
  memoryMb: number;
}

export interface WorkflowLoader {
  /** Start the child now (its start-up then overlaps with other work); optional. */
  start(): void;
  /** Load one workflow module and build its IR; never throws. */
  load(source: WorkflowSource, version: string, fresh?: boolean): Promise<IrLoad>;
  /**
   * Any other request the child serves (`{ policy: … }`, see load-child-entry.mjs), under the same
   * time limit and memory cap; `label` names the file in the failure. Never throws.
   */
  request<T>(payload: Record<string, unknown>, label: string): Promise<T | TsLoadFailure>;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MEMORY_MB = 1024;
/** How long the child may take to start (register tsx) before a load counts as failed. */
const STARTUP_MS = 60_000;

function positiveInt(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text.trim())) return undefined;
  const n = Number(text);
  return n > 0 ? n : undefined;
}

/** The limits from explicit options, else `FLOWOPS_LOAD_TIMEOUT_MS` / `FLOWOPS_LOAD_MEMORY_MB`, else the defaults. */
export function loadLimits(options: Partial<LoadLimits> = {}, env: Readonly<Record<string, string | undefined>> = process.env): LoadLimits {
  return {
    timeoutMs: options.timeoutMs ?? positiveInt(env.FLOWOPS_LOAD_TIMEOUT_MS) ?? DEFAULT_TIMEOUT_MS,
    memoryMb: options.memoryMb ?? positiveInt(env.FLOWOPS_LOAD_MEMORY_MB) ?? DEFAULT_MEMORY_MB,
  };
}

/** "10 s", "1.5 s", "250 ms". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

/** False when Node's permission model forbids child processes (e.g. the App's compile sandbox). */
export function canIsolate(): boolean {
  const permission = (process as { permission?: { has(scope: string): boolean } }).permission;
  return permission ? permission.has('child') : true;
}

interface Child {
  proc: ChildProcess;
  ready: Promise<string | undefined>;
}

export function createWorkflowLoader(limits: LoadLimits = loadLimits()): WorkflowLoader {
  let child: Child | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let seq = 0;

  const spawn = (): Child => {
    const proc = fork(new URL('./load-child-entry.mjs', import.meta.url), [], {
      execArgv: [`--max-old-space-size=${limits.memoryMb}`],
      env: childEnv(process.env),
      // Module output goes to stderr: stdout may carry a JSON or SARIF report.
      stdio: ['ignore', 2, 2, 'ipc'],
      serialization: 'advanced',
    });
    // A forgotten close() must not keep the CLI alive; pending loads hold a timer.
    proc.unref();
    (proc.channel as { unref?: () => void } | undefined)?.unref?.();
    const ready = new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(`the module loader did not start within ${formatDuration(STARTUP_MS)}`), STARTUP_MS);
      const done = (why: string | undefined) => {
        clearTimeout(timer);
        proc.off('message', onMessage);
        resolve(why);
      };
      const onMessage = (m: { ready?: boolean }) => m?.ready && done(undefined);
      proc.on('message', onMessage);
      proc.once('exit', (code, signal) => done(`the module loader exited while starting (${signal ?? `code ${code}`})`));
      proc.once('error', (err) => done(`the module loader could not start: ${err.message}`));
    });
    const created = { proc, ready };
    proc.once('exit', () => {
      if (child === created) child = undefined;
    });
    return created;
  };

  const stop = (c: Child) => {
    if (child === c) child = undefined;
    c.proc.kill('SIGKILL');
  };

  const loadOne = (source: WorkflowSource, version: string, fresh: boolean): Promise<IrLoad> => send<IrLoad>({ source, version, fresh }, source.relFile);

  const send = async <T>(payload: Record<string, unknown>, label: string): Promise<T | TsLoadFailure> => {
    const c = child ?? (child = spawn());
    const notReady = await c.ready;
    if (notReady) {
      stop(c);
      return { ok: false, code: 'FLOW_LOAD_ERROR', message: notReady, hint: 'run `npx tsx <file>` to reproduce it; check that tsx is installed' };
    }
    const id = ++seq;
    return new Promise<T | TsLoadFailure>((resolve) => {
      const finish = (result: T | TsLoadFailure) => {
        clearTimeout(timer);
        c.proc.off('message', onMessage);
        c.proc.off('exit', onExit);
        resolve(result);
      };
      const onMessage = (m: { id?: number; reply?: T }) => {
        if (m?.id === id && m.reply) finish(m.reply);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
        finish({
          ok: false,
          code: 'FLOW_LOAD_ERROR',
          message: `the module loader exited while loading ${label} (${signal ?? `code ${code}`}); it may have run out of memory (cap ${limits.memoryMb} MB)`,
          hint: 'look for unbounded work at the top level of the module; raise the cap with FLOWOPS_LOAD_MEMORY_MB',
        });
      const timer = setTimeout(() => {
        stop(c);
        finish({
          ok: false,
          code: 'FLOW_LOAD_ERROR',
          message: `${label} did not finish loading within ${formatDuration(limits.timeoutMs)}`,
          hint: 'look for an endless loop or a blocking call at the top level of the module or of a file it imports (run `npx tsx <file>` to reproduce it); raise the limit with FLOWOPS_LOAD_TIMEOUT_MS',
        });
      }, limits.timeoutMs);
      c.proc.on('message', onMessage);
      c.proc.once('exit', onExit);
      c.proc.send({ ...payload, id });
    });
  };

  return {
    start() {
      child ??= spawn();
    },
    load(source, version, fresh = false) {
      const run = queue.then(() => loadOne(source, version, fresh));
      queue = run.catch(() => undefined);
      return run;
    },
    request<T>(payload: Record<string, unknown>, label: string) {
      const run = queue.then(() => send<T>(payload, label));
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      const c = child;
      child = undefined;
      if (c && c.proc.exitCode === null && c.proc.signalCode === null) {
        const exited = new Promise((resolve) => c.proc.once('exit', resolve));
        c.proc.ref();
        c.proc.kill('SIGTERM');
        await exited;
      }
    },
  };
}
