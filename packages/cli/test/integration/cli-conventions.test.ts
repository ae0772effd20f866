/**
 * Conventions of the real `flowops` binary: `help <command>` prints that command's usage, a
 * mistyped command or flag gets "Did you mean", and `check` outside a repository is a usage
 * error (exit 2), not "0 workflows checked".
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { BIN, MONOREPO } from './gitops/repo';

const outside = mkdtempSync(join(tmpdir(), 'flowops-outside-'));
afterAll(() => rmSync(outside, { recursive: true, force: true }));
const flowops = (cwd: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('flowops conventions', () => {
  test("help <command> prints that command's usage", () => {
    const r = flowops(MONOREPO, 'help', 'drift');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^flowops drift --env <env>/);
    expect(flowops(MONOREPO, 'help', 'drfit').err).toContain('Did you mean "drift"?');
  });

  test('a mistyped command or flag: did you mean', () => {
    const cmd = flowops(MONOREPO, 'pubish');
    expect(cmd.code).toBe(2);
    expect(cmd.err).toContain('unknown command "pubish". Did you mean "publish"? [FLOW_USAGE]');
    const flag = flowops(MONOREPO, 'check', '--forma', 'json');
    expect(flag.code).toBe(2);
    expect(flag.err).toContain('Did you mean "--format"?');
  });

  test('check outside a repository is a usage error', () => {
    const r = flowops(outside, 'check');
    expect(r.code).toBe(2);
    expect(r.err).toContain('is not in a flowops repository');
    expect(r.err).toContain('[FLOW_USAGE]');
    expect(r.out).not.toContain('workflows checked');
  });
});
