/**
 * The operating-system half of the compile sandbox: what wraps the compile child's `node` so that
 * pull-request code cannot reach the App's keys, environment, sockets, network or processes even
 * if it escapes Node's permission model. Linux only, with util-linux (`unshare`, `setpriv`,
 * `prlimit`), decided once per process by a probe:
 *
 * - `namespaces` (the App runs as root): new network, PID, mount, IPC and UTS namespaces (no
 *   network at all, a fresh /proc that shows only the sandbox), then the unprivileged user
 *   `nobody` (65534) with no capabilities and no_new_privs: the App's files that are not
 *   world-readable, its /proc entries, its sockets and its processes are out of reach.
 * - `user-namespace` (the App runs as another user and the kernel allows user namespaces): the
 *   same namespaces inside a user namespace. Files keep the App's own uid, so the App's files are
 *   guarded by Node's permission model only: run the App as root or keep its key outside the
 *   sandbox's reads (documented).
 * - `none`: no untrusted commit is compiled; the check run says why (FLOW_COMPILE_SANDBOX).
 *   `FLOWOPS_COMPILE_SANDBOX=permission-only` compiles under Node's permission model alone, for
 *   development hosts without namespaces (macOS); never for a public repository.
 *   `FLOWOPS_COMPILE_SANDBOX=off` never compiles pull-request code (plans and reports from CI only).
 *
 * Resource limits (all modes): the data segment (RLIMIT_DATA: private writable memory, so Buffers
 * count, unlike with the V8 heap cap; not the address space, which WebAssembly reserves by the GB),
 * file size, open files, no core dumps.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { childEnv } from '@flowops/core';

export type OsSandboxMode = 'namespaces' | 'user-namespace' | 'permission-only' | 'none';

export interface OsSandbox {
  mode: OsSandboxMode;
  /** Why the mode is `none` (or weaker than `namespaces`): one sentence for the check run. */
  reason?: string;
  /** The uid/gid the child runs as in `namespaces` mode. */
  uid?: number;
}

/** The unprivileged user of `namespaces` mode (`FLOWOPS_COMPILE_SANDBOX_UID`, default 65534 = nobody). */
export function sandboxUid(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.FLOWOPS_COMPILE_SANDBOX_UID);
  return Number.isInteger(n) && n > 0 ? n : 65534;
}

const NAMESPACES = ['--net', '--pid', '--ipc', '--uts', '--mount', '--fork', '--kill-child', '--mount-proc'];

function dropTo(uid: number): string[] {
  return ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--no-new-privs', '--inh-caps=-all', '--bounding-set=-all', '--'];
}

/** The command vector that runs `argv` (a node command) inside the OS sandbox, with resource limits. */
export function wrapCommand(sandbox: OsSandbox, argv: string[], limits: { maxMemoryMb: number; maxFileMb: number }): string[] {
  const prlimit = ['prlimit', `--data=${limits.maxMemoryMb * 1024 * 1024}`, `--fsize=${limits.maxFileMb * 1024 * 1024}`, '--nofile=256', '--core=0', '--'];
  switch (sandbox.mode) {
    case 'namespaces':
      return [...prlimit, 'unshare', ...NAMESPACES, '--', ...dropTo(sandbox.uid ?? 65534), ...argv];
    case 'user-namespace':
      return [...prlimit, 'unshare', '--map-current-user', ...NAMESPACES, '--', ...argv];
    case 'permission-only':
      return hasTool('prlimit') ? [...prlimit, ...argv] : argv;
    case 'none':
      throw new Error('no OS sandbox on this host');
  }
}

function hasTool(name: string): boolean {
  return ['/usr/bin', '/bin', '/usr/sbin', '/sbin', ...(process.env.PATH ?? '').split(':')].some((d) => d !== '' && existsSync(`${d}/${name}`));
}

function runs(argv: string[]): { ok: boolean; detail: string } {
  const [cmd, ...args] = argv;
  const r = spawnSync(cmd!, args, { encoding: 'utf8', timeout: 10_000, env: childEnv({}, { PATH: process.env.PATH ?? '/usr/bin:/bin' }) });
  return { ok: r.status === 0, detail: (r.error?.message ?? r.stderr ?? '').trim().split('\n')[0] ?? '' };
}

/** The first of `paths` (or a directory above it) that `uid` cannot read or traverse, if any. */
function unreadableAs(uid: number, paths: string[]): string | undefined {
  const script = `for p in "$@"; do [ -r "$p" ] || { echo "$p"; exit 1; }; done`;
  const checks = new Set<string>();
  for (const p of paths) for (let d = p; d !== dirname(d); d = dirname(d)) checks.add(d);
  const r = spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--', 'sh', '-c', script, 'sh', ...checks], {
    encoding: 'utf8',
    timeout: 10_000,
    env: childEnv({}, { PATH: process.env.PATH ?? '/usr/bin:/bin' }),
  });
  if (r.status === 0) return undefined;
  return r.stdout.trim() || r.error?.message || 'setpriv failed';
}

let probed: OsSandbox | undefined;

/**
 * Decide the mode once per process (see the module comment). `mustRead`: what the child reads as
 * its sandbox user (node, the App's node_modules and packages); in `namespaces` mode each must be
 * readable by that user, or the mode is `none` with the path in the reason.
 */
export function probeOsSandbox(mustRead: string[], env: Record<string, string | undefined> = process.env): OsSandbox {
  if (probed) return probed;
  probed = decide(mustRead, env);
  return probed;
}

/** Forget the probe (tests). */
export function resetOsSandboxProbe(): void {
  probed = undefined;
}

function decide(mustRead: string[], env: Record<string, string | undefined>): OsSandbox {
  const wanted = env.FLOWOPS_COMPILE_SANDBOX ?? 'auto';
  if (wanted === 'off') return { mode: 'none', reason: 'FLOWOPS_COMPILE_SANDBOX=off: this App never compiles pull-request code' };
  if (wanted === 'permission-only') {
    return { mode: 'permission-only', reason: 'FLOWOPS_COMPILE_SANDBOX=permission-only: pull-request code is isolated by Node’s permission model alone' };
  }
  if (process.platform !== 'linux') return { mode: 'none', reason: `this host (${process.platform}) has no OS sandbox the App can use (Linux namespaces)` };
  const missing = ['unshare', 'setpriv', 'prlimit'].filter((t) => !hasTool(t));
  if (missing.length > 0) return { mode: 'none', reason: `${missing.join(', ')} not found (util-linux): the OS sandbox needs them` };
  if (process.getuid?.() === 0) {
    const uid = sandboxUid(env);
    const probe = runs(['unshare', ...NAMESPACES, '--', ...dropTo(uid), 'true']);
    if (!probe.ok)
      return {
        mode: 'none',
        reason: `Linux namespaces are not available to the App (${probe.detail || 'unshare failed'}); run it where it may create them (e.g. a privileged container or a VM)`,
      };
    const blocked = unreadableAs(uid, mustRead);
    if (blocked)
      return {
        mode: 'none',
        reason: `the sandbox user (uid ${uid}) cannot read ${blocked}: install the App where other users can read it (e.g. /opt/flowops)`,
      };
    return { mode: 'namespaces', uid };
  }
  const probe = runs(['unshare', '--map-current-user', ...NAMESPACES, '--', 'true']);
  if (!probe.ok)
    return {
      mode: 'none',
      reason: `user namespaces are not available to the App's user (${probe.detail || 'unshare failed'}); run the App as root in its own container or VM`,
    };
  return {
    mode: 'user-namespace',
    reason:
      'the App does not run as root: the compile child keeps its uid inside a user namespace, so its file reads are limited by Node’s permission model only',
  };
}
