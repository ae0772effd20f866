/**
 * The compile sandbox: workflow modules from a pull request are executed to compile them, so they
 * run in a short-lived child process, never in the App, inside two fences:
 * - the operating system's (`os-sandbox.ts`): new network, PID, mount, IPC and UTS namespaces and
 *   the unprivileged user `nobody` when the App runs as root (a user namespace otherwise), with an
 *   address-space limit that counts Buffers, a file-size limit and no core dumps; where the host
 *   offers none, untrusted commits are not compiled and the check run says why;
 * - Node's permission model: reads only the checkout, the App's node_modules and linked packages
 *   and its temp dir; writes only its temp dir; no child processes, no worker threads (a worker
 *   with `execArgv: []` escapes the model on Node 20), no native addons.
 * The child gets a fresh environment (PATH, LANG, NODE_ENV, HOME/TMPDIR in a fresh temp dir: no
 * FLOWOPS_*, GITHUB_*, TEMPORAL_*, NODE_OPTIONS, nothing inherited), its own session and process
 * group, a heap cap, a wall-clock timeout that kills its process group, and a cap on its output.
 * What goes wrong in the child becomes one FLOW_COMPILE_SANDBOX error diagnostic.
 * TypeScript is transpiled in the child's main thread (`ts-require.cjs`); the App's own packages
 * come from a transpile cache that only a trusted run writes (`transpileCacheDir`). The same child,
 * given a job, evaluates the base branch's policy over a pull request's IR (`policy.ts`,
 * `policy-child.ts`) with the same fences.
 * @module
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlowError, childEnv } from '@flowops/core';
import { MAX_FILE_MB, SANDBOX_CODE, SANDBOX_DEFAULTS, type SandboxLimits, permissionFlag } from './sandbox-limits';
import { ApplicationFailure } from '@temporalio/common';
import { linkNodeModules } from './compile-tree';
import type { DefinitionSet } from './types';
import { type OsSandbox, probeOsSandbox, wrapCommand } from './os-sandbox';

export { SANDBOX_CODE, SANDBOX_DEFAULTS, type SandboxLimits, permissionFlag, sandboxLimitsFromEnv } from './sandbox-limits';

const here = dirname(fileURLToPath(import.meta.url));

const STDERR_KEEP = 16 * 1024;

/** The App's node_modules plus the real directories of the packages linked into it (workspaces). */
function readableDependencies(appRoot: string): string[] {
  const nm = join(appRoot, 'node_modules');
  const out = new Set<string>([nm, realpathSync(join(here, '..', '..'))]);
  if (!existsSync(nm)) return [...out];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (name.startsWith('@')) visit(p);
      else if (lstatSync(p).isSymbolicLink()) out.add(realpathSync(p));
    }
  };
  visit(nm);
  return [...out];
}

/** The first line of the child's stderr that reads like an error (never a stack frame). */
function errorLine(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((l) => l.trim());
  const line =
    lines.find((l) => /^(?:[A-Z]\w*Error\b|Error:|FATAL ERROR)/.test(l)) ??
    lines.find((l) => l !== '' && !l.startsWith('at ') && !l.startsWith('(node:') && !l.startsWith('(Use'));
  return line?.slice(0, 300);
}

function failure(sha: string, message: string, hint: string): DefinitionSet {
  return { sha, workflows: [], diagnostics: [{ code: SANDBOX_CODE, severity: 'error', message, hint }] };
}

interface TranspileCache {
  dir: string;
  ready: boolean;
}
const caches = new Map<string, TranspileCache>();

/** What the child reads: node itself, its entry, the checkout's linked node_modules and packages. */
function childReads(appRoot: string): string[] {
  return [process.execPath, here, ...readableDependencies(appRoot)];
}

/** The OS sandbox of this host, probed once (see `os-sandbox.ts`). */
export function osSandbox(appRoot: string): OsSandbox {
  return probeOsSandbox(childReads(appRoot));
}

/** The sandbox user owns `dir` (namespaces mode), so the child may write it. */
async function giveToChild(sandbox: OsSandbox, dir: string): Promise<void> {
  if (sandbox.mode === 'namespaces') await chown(dir, sandbox.uid!, sandbox.uid!);
}

/** Everything under `dir` back to the App's user, read-only to others: pull-request code cannot poison it. */
function takeBack(sandbox: OsSandbox, dir: string): void {
  if (sandbox.mode !== 'namespaces') return;
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  chownSync(dir, uid, gid);
  chmodSync(dir, 0o755);
  for (const name of readdirSync(dir)) {
    chownSync(join(dir, name), uid, gid);
    chmodSync(join(dir, name), 0o644);
  }
}

/**
 * The transpiled App packages (SDK, compiler, plugins) for the sandbox, per appRoot: filled once,
 * in the background, by a trusted run over an empty checkout — no pull-request code runs while it
 * is writable; afterwards it belongs to the App's user again. Runs with pull-request code only
 * read it. Undefined until it is filled.
 */
export function transpileCacheDir(appRoot: string): string | undefined {
  let cache = caches.get(appRoot);
  if (!cache) {
    const created: TranspileCache = { dir: mkdtempSync(join(tmpdir(), 'flowops-sandbox-cache-')), ready: false };
    cache = created;
    caches.set(appRoot, created);
    if (caches.size === 1) process.once('exit', () => caches.forEach((c) => rmSync(c.dir, { recursive: true, force: true })));
    const sandbox = osSandbox(appRoot);
    if (sandbox.mode === 'none') return undefined;
    const empty = mkdtempSync(join(tmpdir(), 'flowops-sandbox-warm-'));
    void runChild(empty, 'warm-up', appRoot, SANDBOX_DEFAULTS, { dir: created.dir, write: true })
      .then((set) => {
        takeBack(sandbox, created.dir);
        created.ready = set.diagnostics.every((d) => d.code !== SANDBOX_CODE);
      })
      .catch(() => undefined)
      .finally(() => rmSync(empty, { recursive: true, force: true }));
  }
  return cache.ready ? cache.dir : undefined;
}

/**
 * Compile a checked-out tree in the sandbox. Resolves with the child's DefinitionSet or a
 * FLOW_COMPILE_SANDBOX diagnostic; rejects with a non-retryable FLOW_COMPILE_SANDBOX failure when
 * this host offers no OS sandbox (untrusted code is then never compiled).
 */
export async function compileInSandbox(root: string, sha: string, appRoot: string, limits: SandboxLimits = {}): Promise<DefinitionSet> {
  const sandbox = osSandbox(appRoot);
  if (sandbox.mode === 'none') {
    throw ApplicationFailure.create({
      type: SANDBOX_CODE,
      nonRetryable: true,
      message: `pull-request code is not compiled on this host: ${sandbox.reason} — To fix: run the App on Linux as root with util-linux (unshare, setpriv, prlimit), or set FLOWOPS_COMPILE_SANDBOX=permission-only on a development host [${SANDBOX_CODE}]`,
    });
  }
  const cache = transpileCacheDir(appRoot);
  return runChild(root, sha, appRoot, { ...SANDBOX_DEFAULTS, ...limits }, cache ? { dir: cache, write: false } : undefined);
}

/** What the child prints: its JSON result line, or why there is none (FLOW_COMPILE_SANDBOX). */
type ChildOutcome = { ok: true; value: Record<string, unknown> } | { ok: false; message: string; hint: string };

/** A job for the child other than compiling: the policy (`policy-child.ts`) with its input as JSON. */
export interface PolicyJob {
  mode: 'policy';
  input: unknown;
}

async function runChild(
  root: string,
  sha: string,
  appRoot: string,
  limits: Required<SandboxLimits>,
  cache: { dir: string; write: boolean } | undefined,
): Promise<DefinitionSet> {
  const outcome = await runSandboxed(root, sha, appRoot, limits, cache);
  if (!outcome.ok) return failure(sha, outcome.message, outcome.hint);
  const set = outcome.value.set as DefinitionSet | undefined;
  if (set && Array.isArray(set.workflows) && Array.isArray(set.diagnostics)) return { ...set, sha };
  return failure(
    sha,
    `compiling the workflows at ${sha.slice(0, 7)} failed: the compile process printed something that is not a result`,
    'run `npx flowops check` to reproduce it',
  );
}

/**
 * Run `job` (default: compile the tree) in the sandbox child with `root` as its working directory:
 * the child's one JSON result line, or why there is none. A job's input goes to the child as a
 * file in its fresh home directory (data only: never code of the App's process).
 */
export async function runSandboxed(
  root: string,
  sha: string,
  appRoot: string,
  limits: Required<SandboxLimits>,
  cache: { dir: string; write: boolean } | undefined,
  job?: PolicyJob,
): Promise<ChildOutcome> {
  const { timeoutMs, maxHeapMb, maxOutputBytes, maxMemoryMb } = limits;
  const sandbox = osSandbox(appRoot);
  linkNodeModules(root, appRoot);
  const home = await mkdtemp(join(tmpdir(), 'flowops-sandbox-'));
  const inputFile = join(home, 'job-input.json');
  if (job) await writeFile(inputFile, JSON.stringify(job.input), { mode: 0o644 });
  await giveToChild(sandbox, home);
  if (cache?.write) await giveToChild(sandbox, cache.dir);
  await chmod(root, 0o755); // mkdtemp made it 0700: the sandbox user must be able to enter it
  if (cache && !cache.write) await chmod(cache.dir, 0o755);
  const reads = [realpathSync(root), ...readableDependencies(appRoot), home, ...(cache ? [cache.dir] : [])];
  const node = [
    process.execPath,
    permissionFlag(),
    ...reads.map((p) => `--allow-fs-read=${p}`),
    `--allow-fs-write=${home}`,
    ...(cache?.write ? [`--allow-fs-write=${cache.dir}`] : []),
    `--max-old-space-size=${maxHeapMb}`,
    '--disable-warning=ExperimentalWarning',
    join(here, 'ts-require.cjs'),
    sha,
    ...(job ? [job.mode, inputFile] : []),
  ];
  const what = job ? `evaluating the policy of ${sha.slice(0, 7)}` : `compiling the workflows at ${sha.slice(0, 7)}`;
  const [command, ...args] = wrapCommand(sandbox, node, { maxMemoryMb, maxFileMb: MAX_FILE_MB });
  // A fresh environment built here, never a copy of the App's (nor of a polluted Object.prototype).
  const env = childEnv({}, { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: home, TMPDIR: home, NODE_ENV: 'production' });
  if (typeof process.env.LANG === 'string' && Object.hasOwn(process.env, 'LANG')) env.LANG = process.env.LANG;
  if (cache) env.FLOWOPS_SANDBOX_CACHE = `${cache.write ? 'w:' : ''}${cache.dir}`; // read and removed by ts-require.cjs
  try {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(command!, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    } catch (err) {
      throw new FlowError({
        code: SANDBOX_CODE,
        message: `could not start the compile sandbox: ${(err as Error).message}`,
        hint: 'check that the App can spawn node processes',
      });
    }
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    process.once('exit', killGroup);
    const stdout: Buffer[] = [];
    let outBytes = 0;
    let stderr = '';
    let reason: 'timeout' | 'output' | undefined;
    child.stdout!.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > maxOutputBytes) {
        reason ??= 'output';
        killGroup();
      } else stdout.push(b);
    });
    child.stderr!.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString('utf8')).slice(-STDERR_KEEP);
    });
    const timer = setTimeout(() => {
      reason ??= 'timeout';
      killGroup();
    }, timeoutMs);
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
      child.once('error', (error) => resolve({ code: null, signal: null, error }));
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
    clearTimeout(timer);
    killGroup(); // anything the child left behind in its group
    process.removeListener('exit', killGroup);
    if (exit.error)
      throw new FlowError({
        code: SANDBOX_CODE,
        message: `could not start the compile sandbox: ${exit.error.message}`,
        hint: 'check that the App can spawn node processes',
      });
    if (reason === 'timeout') {
      return {
        ok: false,
        message: `${what} did not finish within ${Math.round(timeoutMs / 1000)} s; the compile process was killed`,
        hint: 'a workflow module (or code it imports) loops or waits at load time: loading a module must only define the workflow',
      };
    }
    if (reason === 'output') {
      return {
        ok: false,
        message: `${what} printed more than ${maxOutputBytes} bytes; the compile process was killed`,
        hint: 'do not print from workflow modules at load time, and keep definitions small',
      };
    }
    const text = Buffer.concat(stdout).toString('utf8').trim();
    const last = text.slice(text.lastIndexOf('\n') + 1);
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = JSON.parse(last);
    } catch {
      parsed = undefined;
    }
    if (parsed?.ok === true) return { ok: true, value: parsed };
    if (parsed?.ok === false && typeof parsed.message === 'string') {
      return { ok: false, message: `${what} failed: ${parsed.message}`, hint: 'fix the error; `npx flowops check` reproduces it' };
    }
    const oom = /heap out of memory|Allocation failed/i.test(stderr);
    const how = oom
      ? `ran out of memory (${maxHeapMb} MB heap)`
      : exit.signal
        ? `was killed by ${exit.signal}`
        : exit.code !== 0
          ? `exited with code ${exit.code}`
          : text === ''
            ? 'exited without a result'
            : 'printed something that is not a result';
    const detail = oom ? undefined : errorLine(stderr);
    return {
      ok: false,
      message: `${what} failed: the compile process ${how}${detail ? ` (${detail})` : ''}`,
      hint: oom
        ? 'a workflow module allocates too much at load time'
        : 'a workflow module ends the process or writes to stdout while loading; run `npx flowops check` to reproduce it',
    };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
