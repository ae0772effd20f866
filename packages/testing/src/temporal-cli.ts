/**
 * Finding (or building) the `temporal` CLI that runs the Temporal dev server.
 *
 * Lookup order: `$FLOWOPS_TEMPORAL_CLI` → `temporal` on `PATH` → the flowops cache
 * (`${XDG_CACHE_HOME:-~/.cache}/flowops/bin/temporal`) → `go install` into that cache →
 * last resort: `@temporalio/testing` downloads a CLI when the server starts (needs
 * access to temporal.download).
 * @module
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { childEnv, fail, ok, type FlowIssue, type Result } from '@flowops/core';

/** The CLI version flowops builds: the newest tag that `go install` can build. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';

type Env = Record<string, string | undefined>;

/** Where a binary came from. */
export type TemporalCliSource = 'env' | 'path' | 'cache' | 'go-install';

/** A usable `temporal` binary, or the promise that `@temporalio/testing` can download one. */
export type TemporalCli = { kind: 'binary'; path: string; source: TemporalCliSource } | { kind: 'sdk-download'; downloadDir: string; tried: string[] };

export interface FindTemporalCliOptions {
  /** Environment to read (`FLOWOPS_TEMPORAL_CLI`, `PATH`, `XDG_CACHE_HOME`, `HOME`); defaults to `process.env`. */
  env?: Env;
}

export interface EnsureTemporalCliOptions extends FindTemporalCliOptions {
  /** Build with `go install` when no binary is found and `go` is on PATH (default true). */
  build?: boolean;
  /** Progress output; defaults to writing to stderr. */
  log?: (chunk: string) => void;
}

const binName = process.platform === 'win32' ? 'temporal.exe' : 'temporal';

/** `${XDG_CACHE_HOME:-~/.cache}/flowops/bin` */
export function temporalCacheDir(env: Env = process.env): string {
  const cacheHome = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(cacheHome, 'flowops', 'bin');
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** First executable `name` on the `PATH` of `env`. */
export function whichSync(name: string, env: Env = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Looks for an existing binary, without building anything. Returns `ok(undefined)` when none
 * is found, and a failure when `FLOWOPS_TEMPORAL_CLI` is set but is not an executable file.
 */
export function findTemporalCli(opts: FindTemporalCliOptions = {}): Result<Extract<TemporalCli, { kind: 'binary' }> | undefined> {
  const env = opts.env ?? process.env;
  const explicit = env.FLOWOPS_TEMPORAL_CLI;
  if (explicit) {
    if (isExecutableFile(explicit)) return ok({ kind: 'binary', path: explicit, source: 'env' });
    return fail({
      code: 'FLOW_TEMPORAL_UNREACHABLE',
      message: `FLOWOPS_TEMPORAL_CLI is set to ${explicit}, which is not an executable file`,
      hint: 'point FLOWOPS_TEMPORAL_CLI at a `temporal` CLI binary, or unset it to let flowops find or build one',
    });
  }
  const onPath = whichSync(binName, env);
  if (onPath) return ok({ kind: 'binary', path: onPath, source: 'path' });
  const cached = join(temporalCacheDir(env), binName);
  if (isExecutableFile(cached)) return ok({ kind: 'binary', path: cached, source: 'cache' });
  return ok(undefined);
}

/** Runs `GOBIN=<dir> go install <module>@<version>`, streaming go's output to `log`. */
export function goInstallTemporal(go: string, dir: string, env: Env, log: (chunk: string) => void): Promise<Result<string>> {
  const target = `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`;
  log(`building the Temporal dev server with go install (takes a few minutes)…\n  GOBIN=${dir} go install ${target}\n`);
  return new Promise((resolve) => {
    const child = spawn(go, ['install', '-v', target], {
      env: childEnv(env, { GOBIN: dir }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    const onData = (data: Buffer) => {
      const text = data.toString();
      tail = (tail + text).slice(-4000);
      log(text);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) => resolve(fail(goFailure(`could not run ${go}: ${error.message}`))));
    child.on('close', (code, signal) => {
      const built = join(dir, binName);
      if (code === 0 && isExecutableFile(built)) {
        log(`built ${built}\n`);
        resolve(ok(built));
      } else {
        const why = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        resolve(fail(goFailure(`go install ${target} ${why}:\n${tail.trim().split('\n').slice(-15).join('\n')}`)));
      }
    });
  });
}

function goFailure(message: string): FlowIssue {
  return {
    code: 'FLOW_TEMPORAL_UNREACHABLE',
    message,
    hint: 'check that the Go module proxy is reachable (GOPROXY) and retry, or set FLOWOPS_TEMPORAL_CLI to a prebuilt `temporal` binary',
  };
}

/**
 * Finds a `temporal` binary, building it with `go install` when needed. When neither a binary
 * nor Go is available, returns `{ kind: 'sdk-download' }`: the dev server will then be started
 * by `@temporalio/testing`, which downloads a CLI (needs network access to temporal.download).
 */
export async function ensureTemporalCli(opts: EnsureTemporalCliOptions = {}): Promise<Result<TemporalCli>> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((chunk: string) => void process.stderr.write(chunk));
  const found = findTemporalCli({ env });
  if (!found.ok) return found;
  if (found.value) return ok(found.value);

  const dir = temporalCacheDir(env);
  const tried = ['FLOWOPS_TEMPORAL_CLI (unset)', '`temporal` on PATH (not found)', `the cache ${join(dir, binName)} (missing)`];
  const go = whichSync(process.platform === 'win32' ? 'go.exe' : 'go', env);
  if (go && opts.build !== false)
    return goInstallTemporal(go, dir, env, log).then((r) => (r.ok ? ok({ kind: 'binary', path: r.value, source: 'go-install' }) : r));
  tried.push(go ? 'go install (disabled)' : 'go install (`go` is not on PATH)');
  return ok({ kind: 'sdk-download', downloadDir: dir, tried });
}

/** The message shown when every way to get a dev server failed. */
export function provisioningFailure(tried: string[], cause: string): FlowIssue {
  return {
    code: 'FLOW_TEMPORAL_UNREACHABLE',
    message: `could not provision a Temporal dev server: tried ${tried.join(', ')}, then the @temporalio/testing download (${cause})`,
    hint:
      'install Go (https://go.dev/dl) and run `npx tsx tools/dev-server.ts --install-only`, or set FLOWOPS_TEMPORAL_CLI to a `temporal` binary, ' +
      'or start a server yourself (`temporal server start-dev`) and set FLOWOPS_TEST_TEMPORAL_ADDRESS',
  };
}
