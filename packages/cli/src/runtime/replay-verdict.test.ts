import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReportInput } from '@flowops/github-app';
import { describe, expect, test } from 'vitest';
import { runMain } from '../../test/run-main';
import { replayRows } from '../commands/replay';
import { readReplayVerdict } from './replay-verdict';
import { buildReportInput } from './report-input';

const dir = mkdtempSync(path.join(tmpdir(), 'replay-verdict-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/flowops.js');

/** What `flowops replay --env staging --format json` prints (same object, through JSON). */
const clusterJson = () => {
  const rows = replayRows([
    { name: 'deploy', workflowId: 'w1', runId: 'r1', ok: true },
    { name: 'deploy', workflowId: 'w2', runId: 'r2', ok: false, failure: 'nondeterminism', message: 'Nondeterminism error: [TMPRL1100] timer 1' },
    { name: 'backfill', workflowId: 'w3', runId: 'r3', ok: true },
  ]);
  return JSON.parse(JSON.stringify({ env: 'staging', replayed: 3, failures: 1, workflows: rows }));
};

describe('--replay <file>', () => {
  test('the corpus verdict plus `flowops replay --format json` become the report verdict', () => {
    const p = file('verdict.json', JSON.stringify({ corpus: { passed: true, failed: 0 }, cluster: clusterJson() }));
    const v = readReplayVerdict(p);
    expect(v).toEqual({
      corpus: { passed: true, failed: 0 },
      cluster: {
        env: 'staging',
        replayed: 3,
        failed: 1,
        firstFailure: { workflow: 'deploy', workflowId: 'w2', runId: 'r2', message: 'Nondeterminism error: [TMPRL1100] timer 1' },
      },
    });
    const input = buildReportInput(dir, { base: 'main', baseSha: 'x', changed: [], head: [], diagnostics: [] } as never, {
      pr: 3,
      repository: 'acme/flows',
      headSha: 'abcdef1234',
      baseRef: 'main',
      environment: 'staging',
      replay: v,
    });
    expect(ReportInput.parse(input).replay).toEqual(v);
  });

  test('unreadable JSON and a wrong shape are refused with FLOW_REPLAY_VERDICT_INVALID, naming the field', () => {
    expect(() => readReplayVerdict(file('broken.json', '{"corpus":'))).toThrow(
      expect.objectContaining({ code: 'FLOW_REPLAY_VERDICT_INVALID', message: expect.stringMatching(/not readable JSON/) }),
    );
    expect(() => readReplayVerdict(path.join(dir, 'missing.json'))).toThrow(expect.objectContaining({ code: 'FLOW_REPLAY_VERDICT_INVALID' }));
    expect(() => readReplayVerdict(file('shape.json', JSON.stringify({ corpus: { passed: 'yes' } })))).toThrow(
      expect.objectContaining({ code: 'FLOW_REPLAY_VERDICT_INVALID', message: expect.stringMatching(/corpus\.passed/) }),
    );
    expect(() => readReplayVerdict(file('empty.json', '{}'))).toThrow(expect.objectContaining({ code: 'FLOW_REPLAY_VERDICT_INVALID' }));
  });

  test('--replay without --report is a usage error', async () => {
    const r = await runMain(['dry-run', '--changed', '--replay', 'x.json']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--replay only goes with --report/);
    expect(r.err).toContain('[FLOW_USAGE]');
  });

  test('the real binary refuses a bad verdict file before it connects anywhere', () => {
    const bad = file('bad.json', JSON.stringify({ corpus: { passed: true }, cluster: { replayed: 2 } }));
    const r = spawnSync(
      process.execPath,
      [bin, 'dry-run', '--changed', '--env', 'staging', '--report', '3', '--repo', 'acme/flows', '--head-sha', 'abcdef1234', '--replay', bad],
      { encoding: 'utf8', timeout: 60_000, env: { ...process.env, FLOWOPS_STAGING_ADDRESS: '127.0.0.1:1' } },
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--replay .*bad\.json is not a replay verdict: cluster\.env/);
    expect(r.stderr).toContain('FLOW_REPLAY_VERDICT_INVALID');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 90_000);
});
