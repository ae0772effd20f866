/** Throwaway flowops repositories (YAML workflows) inside the monorepo, so packages resolve. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MONOREPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../..');
export const BIN = join(MONOREPO, 'packages/cli/bin/flowops.js');

/** How a run of the real binary ended; `pid` tells its Temporal pollers apart. */
export interface BinaryRun {
  code: number;
  stdout: string;
  stderr: string;
  pid: number;
}

/** Run the real `flowops` binary to its exit in `cwd`; `env` is laid over this process's environment (plus `CI=''`, `NO_COLOR=1`). */
export function runFlowops(args: string[], o: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<BinaryRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: o.cwd,
      env: { ...process.env, CI: '', NO_COLOR: '1', ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr, pid: child.pid ?? -1 }));
  });
}

/** A running `flowops worker --env local` (metrics on a free port, warn logs); `stderr()` is what it printed so far. */
export interface WorkerProcess {
  child: ChildProcess;
  stderr(): string;
  /** SIGTERM, and wait for the exit (no-op when it already exited). */
  stop(): Promise<void>;
}

export function startWorkerProcess(cwd: string, env: NodeJS.ProcessEnv): WorkerProcess {
  const child = spawn(process.execPath, [BIN, 'worker', '--env', 'local', '--metrics-port', '0', '--log-level', 'warn'], {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let printed = '';
  child.stderr!.on('data', (b: Buffer) => (printed += b.toString()));
  return {
    child,
    stderr: () => printed,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

export interface YamlWorkflow {
  name: string;
  version: string;
  cron?: string;
  uses?: string;
  message?: string;
}

export function workflowFiles(w: YamlWorkflow): Record<string, string> {
  const yaml = [
    `name: ${w.name}`,
    'owner: "@acme/platform"',
    ...(w.cron ? ['triggers:', '  - type: cron', `    schedule: "${w.cron}"`] : []),
    'defaults:',
    '  retry: { maxAttempts: 3 }',
    '  timeout: 30s',
    'steps:',
    '  - id: say',
    `    uses: ${w.uses ?? 'log.write@1'}`,
    '    with:',
    `      message: ${JSON.stringify(w.message ?? 'hello')}`,
  ].join('\n');
  return {
    [`workflows/${w.name}/package.json`]: `${JSON.stringify({ name: `@workflows/${w.name}`, version: w.version, private: true })}\n`,
    [`workflows/${w.name}/workflow.yaml`]: `${yaml}\n`,
  };
}

export interface FlowRepo {
  dir: string;
  write(files: Record<string, string | null>): void;
  commit(message: string, files?: Record<string, string | null>): string;
  git(...args: string[]): string;
  [Symbol.dispose](): void;
}

export function flowRepo(id: string): FlowRepo {
  const dir = join(MONOREPO, 'node_modules', '.cache', 'flowops-test', id);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=Test', '-c', 'commit.gpgsign=false', ...args], {
      cwd: dir,
      encoding: 'utf8',
    }).trim();
  git('init', '-q', '-b', 'main');
  // The CLI commits in this repository too (rollback): give it an identity of its own.
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 'Test');
  const write = (files: Record<string, string | null>): void => {
    for (const [p, content] of Object.entries(files)) {
      const abs = join(dir, p);
      if (content === null) rmSync(abs, { recursive: true, force: true });
      else {
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, content);
      }
    }
  };
  return {
    dir,
    write,
    git,
    commit(message, files = {}) {
      write(files);
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD');
    },
    [Symbol.dispose]() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
