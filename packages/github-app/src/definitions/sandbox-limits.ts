/**
 * The compile sandbox's limits (time, heap, memory, output), their defaults and environment
 * variables, and the permission model's flag for this Node version (`sandbox.ts` uses them).
 * @module
 */

export interface SandboxLimits {
  /** Wall-clock limit; the child's process group is killed after it (default 120 000). */
  timeoutMs?: number;
  /** V8 old-space cap of the child, MB (default 512). */
  maxHeapMb?: number;
  /** Most bytes the child may print on stdout (default 32 MiB). */
  maxOutputBytes?: number;
  /** Data-segment limit of the child (RLIMIT_DATA), MB: counts Buffers, unlike the heap cap (default 2048). */
  maxMemoryMb?: number;
}

export const SANDBOX_DEFAULTS: Required<SandboxLimits> = { timeoutMs: 120_000, maxHeapMb: 512, maxOutputBytes: 32 * 1024 * 1024, maxMemoryMb: 2048 };
/** Largest file the child may write in its temp dir, MB. */
export const MAX_FILE_MB = 64;
export const SANDBOX_CODE = 'FLOW_COMPILE_SANDBOX';

/** Limits from `FLOWOPS_COMPILE_TIMEOUT_MS`, `…_MAX_HEAP_MB`, `…_MAX_MEMORY_MB` and `…_MAX_OUTPUT_BYTES` (positive integers; others ignored). */
export function sandboxLimitsFromEnv(vars: Record<string, string | undefined>): SandboxLimits {
  const int = (name: string) => {
    const n = Number(vars[name]);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  const out: SandboxLimits = {};
  const timeoutMs = int('FLOWOPS_COMPILE_TIMEOUT_MS');
  const maxHeapMb = int('FLOWOPS_COMPILE_MAX_HEAP_MB');
  const maxOutputBytes = int('FLOWOPS_COMPILE_MAX_OUTPUT_BYTES');
  const maxMemoryMb = int('FLOWOPS_COMPILE_MAX_MEMORY_MB');
  if (maxMemoryMb) out.maxMemoryMb = maxMemoryMb;
  if (timeoutMs) out.timeoutMs = timeoutMs;
  if (maxHeapMb) out.maxHeapMb = maxHeapMb;
  if (maxOutputBytes) out.maxOutputBytes = maxOutputBytes;
  return out;
}

/** The permission model's flag: `--permission` since Node 22.13 / 23.5, experimental before. */
export function permissionFlag(version = process.versions.node): string {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 23 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13) ? '--permission' : '--experimental-permission';
}
