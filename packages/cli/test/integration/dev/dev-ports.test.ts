/**
 * The real `flowops dev` on chosen ports: `--port`/`--ui-port` in its help, a bad port a usage
 * error, and `--port X --ui-port Y --once` serving on X and printing the UI (and the demo run's
 * link) as http://127.0.0.1:Y — the one URL form, which the codec server allows by default.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getFreePorts } from '@flowops/testing';
import { afterAll, describe, expect, test } from 'vitest';
import { BIN, MONOREPO } from '../gitops/repo';

const state = mkdtempSync(join(tmpdir(), 'flowops-dev-ports-'));
const env = { ...process.env, FLOWOPS_STATE_DIR: state, FLOWOPS_TEMPORAL_ADDRESS: '', FLOWOPS_LOCAL_ADDRESS: '' };
const dev = (args: string[], timeout = 30_000) => {
  const r = spawnSync(process.execPath, [BIN, 'dev', ...args], { cwd: MONOREPO, env, encoding: 'utf8', timeout });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
};

afterAll(() => rmSync(state, { recursive: true, force: true }));

describe('flowops dev ports', () => {
  test('help lists --port and --ui-port; a bad port is a usage error', () => {
    const help = dev(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('--port <n>');
    expect(help.out).toContain('--ui-port <n>');
    expect(help.out).toContain('http://127.0.0.1:8233');
    const bad = dev(['--ui-port', 'http']);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('--ui-port "http" is not a port number');
    expect(bad.out).toContain('[FLOW_USAGE]');
  });

  test('--port X --ui-port Y --once serves on X and prints http://127.0.0.1:Y', async () => {
    const [port, uiPort] = await getFreePorts(2);
    const r = dev(['--port', String(port), '--ui-port', String(uiPort), '--once', '--ephemeral'], 300_000);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`Temporal dev server at 127.0.0.1:${port} — UI http://127.0.0.1:${uiPort}`);
    expect(r.out).toMatch(new RegExp(`http://127\\.0\\.0\\.1:${uiPort}/namespaces/default/workflows/`));
    expect(r.out).not.toContain('localhost');
    expect(r.out).toContain(`export FLOWOPS_LOCAL_ADDRESS=127.0.0.1:${port}`);
  }, 320_000);
});
