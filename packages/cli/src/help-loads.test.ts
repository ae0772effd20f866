/**
 * `flowops --help`, `--version` and a usage error through the real binary load nothing but the
 * argument parser: a module-resolution hook (module.register) records every module the process
 * resolves, and none may be a command module, zod, @flowops/core's main entry or Temporal's SDK.
 * Also: without dist/ the binary says `run npm run build [FLOW_NOT_BUILT]` instead of a stack.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/flowops.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'flowops-help-loads-'));
const hooks = join(dir, 'hooks.mjs');
writeFileSync(
  hooks,
  `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.FLOWOPS_TEST_LOADED, r.url + '\\n');
  return r;
}
`,
);
const register = join(dir, 'register.mjs');
writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(new URL(`file://${hooks}`).href)});\n`);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Modules (file URLs) the binary resolved for `argv`, with its exit code. */
function loaded(argv: string[]): { code: number | null; modules: string[] } {
  const log = join(dir, `${argv.join('_').replace(/\W/g, '')}.log`);
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', register, BIN, ...argv], { encoding: 'utf8', env: { ...process.env, FLOWOPS_TEST_LOADED: log } });
  return { code: r.status, modules: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

describe('flowops --help / --version / usage errors', () => {
  for (const [argv, code] of [
    [['--help'], 0],
    [['--version'], 0],
    [['chek'], 2],
    [[], 2],
  ] as const) {
    it(`flowops ${argv.join(' ') || '(nothing)'} loads only the argument parser`, () => {
      const r = loaded([...argv]);
      expect(r.code).toBe(code);
      const ours = r.modules.filter((m) => !m.startsWith('node:') && !m.endsWith('/register.mjs'));
      expect(ours.length).toBeGreaterThan(0);
      expect(ours.filter((m) => /\/commands\/(?!index\.js$)|\/zod\/|@temporalio|\/core\/(dist|src)\/index\.|tsx/.test(m))).toEqual([]);
      expect(ours.every((m) => /\/packages\/cli\/(bin|dist)\/|\/packages\/core\/dist\/nearest\.js$/.test(m))).toBe(true);
    });
  }

  it('says how to build when dist/ is missing, with a code and no stack', () => {
    const copy = join(dir, 'cli');
    cpSync(fileURLToPath(new URL('../bin', import.meta.url)), join(copy, 'bin'), { recursive: true });
    const r = spawnSync(process.execPath, [join(copy, 'bin', 'flowops.js'), '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not built .*To fix: run `npm run build`.*\[FLOW_NOT_BUILT\]/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
