/**
 * A child process that must not outlive us: output kept in a ring buffer for error messages,
 * SIGTERM → wait → SIGKILL on stop, and a SIGKILL from a process-exit handler as a safety net.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { childEnv } from '@flowops/core';
import { onExit } from 'signal-exit';

const live = new Set<ChildProcess>();
let exitHandlerInstalled = false;

function installExitHandler(): void {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  // Runs on normal exit and on SIGINT/SIGTERM/SIGHUP…; must be synchronous.
  onExit(() => {
    for (const child of live) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

export interface ServerProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal) once the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** True once the process has exited. */
  hasExited(): boolean;
  /** The last lines the process wrote (stdout and stderr). */
  outputTail(lines?: number): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnServerOptions {
  env?: Record<string, string | undefined>;
  /** Also forward the output to our own stdout/stderr (foreground use). */
  forwardOutput?: boolean;
}

export function spawnServer(command: string, args: string[], opts: SpawnServerOptions = {}): ServerProcess {
  installExitHandler();
  const child = spawn(command, args, { env: childEnv(opts.env ?? process.env), stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let exitedFlag = false;
  let buffer: string[] = [];
  const keep = (data: Buffer, forward: NodeJS.WriteStream) => {
    if (opts.forwardOutput) forward.write(data);
    buffer.push(
      ...data
        .toString()
        .split('\n')
        .filter((line) => line.trim() !== ''),
    );
    if (buffer.length > 400) buffer = buffer.slice(-200);
  };
  child.stdout?.on('data', (data: Buffer) => keep(data, process.stdout));
  child.stderr?.on('data', (data: Buffer) => keep(data, process.stderr));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('error', (error) => {
      buffer.push(`failed to start ${command}: ${error.message}`);
      exitedFlag = true;
      live.delete(child);
      resolve({ code: null, signal: null });
    });
    child.on('exit', (code, signal) => {
      exitedFlag = true;
      live.delete(child);
      resolve({ code, signal });
    });
  });
  let stopping: Promise<void> | undefined;
  return {
    child,
    exited,
    hasExited: () => exitedFlag,
    outputTail: (lines = 20) => buffer.slice(-lines).join('\n'),
    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        if (exitedFlag) return;
        child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const timedOut = await Promise.race([
          exited.then(() => false),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(true), graceMs);
          }),
        ]);
        clearTimeout(timer);
        if (timedOut && !exitedFlag) {
          child.kill('SIGKILL');
          await exited;
        }
      })();
      return stopping;
    },
  };
}
