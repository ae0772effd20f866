/**
 * `flowops dev` logs for people (issue 11, "pretty logs in dev"): through the real binary, the
 * worker's log lines are one readable line each ("[HH:MM:SS] INFO: …"), not pino JSON, and a
 * secret the demo run never sees cannot appear; FLOWOPS_LOG_FORMAT=json gives JSON lines back;
 * an unknown FLOWOPS_LOG_FORMAT is a coded error before anything starts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getFreePorts } from '@flowops/testing';
import { afterAll, describe, expect, test } from 'vitest';
import { BIN, MONOREPO } from '../gitops/repo';

const state = mkdtempSync(join(tmpdir(), 'flowops-dev-logs-'));
const dev = async (extra: Record<string, string>, timeout = 300_000) => {
  const [port, uiPort] = await getFreePorts(2);
  const env = { ...process.env, NO_COLOR: '1', FLOWOPS_STATE_DIR: state, FLOWOPS_TEMPORAL_ADDRESS: '', FLOWOPS_LOCAL_ADDRESS: '', ...extra };
  const r = spawnSync(process.execPath, [BIN, 'dev', '--once', '--ephemeral', '--port', String(port), '--ui-port', String(uiPort)], {
    cwd: MONOREPO,
    env,
    encoding: 'utf8',
    timeout,
  });
  return { code: r.status, stdout: r.stdout, out: `${r.stdout}${r.stderr}` };
};

afterAll(() => rmSync(state, { recursive: true, force: true }));

describe('flowops dev logs', () => {
  test('are one readable line per entry by default, JSON lines with FLOWOPS_LOG_FORMAT=json', async () => {
    const pretty = await dev({ FLOWOPS_LOG_LEVEL: 'info' });
    expect(pretty.code, pretty.out).toBe(0);
    const readable = pretty.stdout.split('\n').filter((l) => /^\[\d\d:\d\d:\d\d(\.\d+)?\] (INFO|WARN)/.test(l));
    expect(readable.length, pretty.stdout).toBeGreaterThan(0);
    expect(pretty.stdout).not.toMatch(/^\{"level":/m);

    const json = await dev({ FLOWOPS_LOG_LEVEL: 'info', FLOWOPS_LOG_FORMAT: 'json' });
    expect(json.code, json.out).toBe(0);
    const lines = json.stdout.split('\n').filter((l) => l.startsWith('{"level":'));
    expect(lines.length, json.stdout).toBeGreaterThan(0);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
  }, 620_000);

  test('an unknown FLOWOPS_LOG_FORMAT is a coded error, not a stack trace', async () => {
    const r = await dev({ FLOWOPS_LOG_FORMAT: 'fancy' }, 120_000);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('FLOWOPS_LOG_FORMAT is "fancy"');
    expect(r.out).toContain('[FLOW_CONFIG_INVALID]');
    expect(r.out).not.toMatch(/\n\s+at .+:\d+:\d+/);
  }, 130_000);
});
