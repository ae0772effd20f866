/**
 * Run the `flowops` CLI in-process for tests: `main(argv)` with stdout and stderr captured,
 * optionally from another working directory and with extra environment variables (restored after).
 * @module
 */
import { vi } from 'vitest';
import { main } from '../src/main';

export interface MainResult {
  code: number;
  out: string;
  err: string;
}

export async function runMain(argv: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<MainResult> {
  const vars = opts.env ?? {};
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  const cwd = process.cwd();
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => {
    out += String(c);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => {
    err += String(c);
    return true;
  });
  if (opts.cwd) process.chdir(opts.cwd);
  try {
    return { code: await main(argv), out, err };
  } finally {
    process.chdir(cwd);
    o.mockRestore();
    e.mockRestore();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
