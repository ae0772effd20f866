/**
 * Loading in the command's own process that always ends: `flowops.config.ts` and plugin packages
 * are imported in-process (their exports hold functions and zod schemas, which cannot cross a
 * process or thread boundary), so an endless loop at their top level would block the event loop
 * and hang the command with no output. `withLoadLimit` runs such an import under a watchdog: one
 * worker thread per process (started on first use, unref'd, its own event loop) holds a timer per
 * pending load; the main thread tells it when each load settles. A load still pending at its
 * deadline — blocked or just never settling — gets its coded error written straight to fd 2
 * (`fs.writeSync`, nothing buffered) and the process is ended with SIGKILL: a blocked main thread
 * runs no signal handler, no `exit` listener and no `finally`, so nothing softer would end it. The
 * exit status is then "killed by SIGKILL" (137 in a shell), never 0.
 *
 * Costs on the happy path: ~2 ms of the main thread to create the worker (its start-up runs on
 * its own thread) and a message per load. No child process. Only a process that opted in
 * (`globalThis[LOAD_WATCHDOG] = true`, set by the `flowops` binary) is watched: the watchdog
 * measures wall time, so in a process doing other work on its main thread meanwhile (a test runner
 * type-checking in-process) it could end a load that was merely waiting. Under Node's permission
 * model without worker threads (the App's compile sandbox, which has its own time limit) loads run
 * unwatched too. Limit: `FLOWOPS_LOAD_TIMEOUT_MS` (default 10 s), the workflow modules' limit.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { type FlowIssue, formatIssue } from '@flowops/core';
import { formatDuration, loadLimits } from './load-child';

/** What to report when the load overruns, given the limit as text ("10 s"). */
export type OverrunIssue = (limit: string) => FlowIssue;

export interface LoadLimitOptions {
  /** Milliseconds (default: `FLOWOPS_LOAD_TIMEOUT_MS`, else 10000). */
  timeoutMs?: number | undefined;
}

// The watchdog, as CommonJS evaluated in the worker: one timer per pending load.
const WATCHDOG = `
const { parentPort } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const timers = new Map();
parentPort.on('message', (m) => {
  if (m.done !== undefined) {
    clearTimeout(timers.get(m.done));
    timers.delete(m.done);
    return;
  }
  timers.set(m.id, setTimeout(() => {
    try { writeSync(2, m.text); } finally { process.kill(process.pid, 'SIGKILL'); }
  }, Math.max(0, m.deadline - Date.now())));
});
`;

let watchdog: Worker | undefined;
let seq = 0;

/**
 * Set on `globalThis` by a program that owns its process (the `flowops` binary) before it imports
 * anything — to `true` or to the prefix of its error lines (`flowops check`): only then may an
 * overrun end the process. In a process shared with other work
 * (a test runner, a server, a program that runs the type-check on its main thread next to a load)
 * loads run unwatched, as before.
 */
export const LOAD_WATCHDOG = Symbol.for('flowops.load-watchdog');

/** Whether this process opted in, and Node's permission model (if on) allows worker threads (the App's compile sandbox does not). */
function canWatch(): boolean {
  const owner = (globalThis as Record<symbol, unknown>)[LOAD_WATCHDOG];
  if (owner !== true && typeof owner !== 'string') return false;
  const permission = (process as { permission?: { has(scope: string): boolean } }).permission;
  return permission ? permission.has('worker') : true;
}

function startWatchdog(): Worker | undefined {
  if (watchdog) return watchdog;
  try {
    // No inherited flags (a --import hook, a heap size): the watchdog needs only node:*.
    watchdog = new Worker(WATCHDOG, { eval: true, execArgv: [], stdout: false, stderr: false });
  } catch {
    return undefined;
  }
  watchdog.unref();
  watchdog.once('exit', () => {
    watchdog = undefined;
  });
  // A watchdog that fails must not take the command down; the load then runs unguarded.
  watchdog.on('error', () => undefined);
  return watchdog;
}

/**
 * Run `load` (an in-process import) with a time limit, in a process that opted in (`LOAD_WATCHDOG`;
 * elsewhere it just runs `load`). If it has not settled within the limit,
 * the coded error from `overrun` goes to stderr as `flowops <verb>: <message> — To fix: <hint> [CODE]`
 * and the process is killed (an endless loop at a module's top level can be stopped no other
 * way). Use it for imports that must stay in-process; workflow modules load in a child
 * (load-child.ts) instead.
 * @example
 * const mod = await withLoadLimit(
 *   (limit) => ({ code: 'FLOW_CONFIG_INVALID', message: `flowops.config.ts did not finish loading within ${limit}`, hint: '…' }),
 *   () => import(url),
 * );
 */
export async function withLoadLimit<T>(overrun: OverrunIssue, load: () => Promise<T>, options: LoadLimitOptions = {}): Promise<T> {
  const timeoutMs = loadLimits({ timeoutMs: options.timeoutMs }).timeoutMs;
  const dog = canWatch() ? startWatchdog() : undefined;
  if (!dog) return load();
  const id = ++seq;
  const owner = (globalThis as Record<symbol, unknown>)[LOAD_WATCHDOG];
  const text = `${typeof owner === 'string' ? owner : 'flowops'}: ${formatIssue(overrun(formatDuration(timeoutMs)))}\n`;
  dog.postMessage({ id, deadline: Date.now() + timeoutMs, text: process.stderr.isTTY ? `\n${text}` : text });
  try {
    return await load();
  } finally {
    dog.postMessage({ done: id });
  }
}

const RAISE = 'raise the limit with FLOWOPS_LOAD_TIMEOUT_MS if it is only slow';

/** The overrun of `flowops.config.ts` (FLOW_CONFIG_INVALID); one text for the CLI and the catalog. */
export function configOverrun(file = 'flowops.config.ts'): OverrunIssue {
  return (limit) => ({
    code: 'FLOW_CONFIG_INVALID',
    message: `${file} did not finish loading within ${limit}`,
    hint: `look for an endless loop or a blocking call at the top level of ${file} or of a module it imports, such as a plugin package (run \`npx tsx ${file}\` to reproduce it); ${RAISE}`,
  });
}

/**
 * The overrun of a plugin package of the catalog (FLOW_LOAD_ERROR), naming the package and its
 * entry file; `listed`: named in flowops.config.ts's `plugins` (else installed as `@flowops/plugin-*`).
 */
export function pluginOverrun(pkg: string, entry: string, listed: boolean): OverrunIssue {
  const away = listed ? `remove "${pkg}" from \`plugins\` in flowops.config.ts until it is fixed` : `uninstall ${pkg} until it is fixed`;
  return (limit) => ({
    code: 'FLOW_LOAD_ERROR',
    message: `plugin package ${pkg} did not finish loading within ${limit}`,
    hint: `look for an endless loop or a blocking call at the top level of ${entry} or of a module it imports, or ${away}; ${RAISE}`,
  });
}
