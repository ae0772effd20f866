/**
 * The real `flowops run` refuses a 5 MB input and a 3 000-level input with coded errors that
 * name the size/depth and the limit — no gRPC RESOURCE_EXHAUSTED retries, no stack overflow,
 * no FLOW_INTERNAL, no stack trace.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { unique } from '../gitops/helpers';
import { BIN, flowRepo, workflowFiles } from '../gitops/repo';

describe('flowops run input limits', () => {
  test('5 MB → FLOW_INPUT_TOO_LARGE; 3 000 levels → FLOW_INPUT_TOO_DEEP', { timeout: 180_000 }, () => {
    using repo = flowRepo(unique('run-limits'));
    const name = unique('limits');
    repo.commit('wf', workflowFiles({ name, version: '1.0.0' }));
    let deep = '"leaf"';
    for (let i = 0; i < 3000; i++) deep = `{"a":${deep}}`;
    writeFileSync(join(repo.dir, 'big.json'), JSON.stringify({ blob: 'x'.repeat(5_000_000) }));
    writeFileSync(join(repo.dir, 'deep.json'), deep);
    const address = inject('temporalAddress') || process.env.FLOWOPS_TEST_TEMPORAL_ADDRESS || '';
    const run = (file: string) =>
      spawnSync(process.execPath, [BIN, 'run', name, '--env', 'local', '--input', file], {
        cwd: repo.dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', FLOWOPS_TEMPORAL_ADDRESS: address },
      });
    const big = run('big.json');
    expect(big.status, big.stdout + big.stderr).toBe(1);
    expect(big.stderr).toMatch(/is 4\.8 MiB \(5000\d{3} bytes\) of JSON, over the 512 KiB limit — To fix: .*\[FLOW_INPUT_TOO_LARGE\]/);
    const deepRun = run('deep.json');
    expect(deepRun.status, deepRun.stdout + deepRun.stderr).toBe(1);
    expect(deepRun.stderr).toMatch(/more than 64 levels deep — To fix: .*\[FLOW_INPUT_TOO_DEEP\]/);
    for (const r of [big, deepRun]) {
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(r.stderr).not.toMatch(/FLOW_INTERNAL|RESOURCE_EXHAUSTED/);
      expect(r.stdout).not.toMatch(/started/);
    }
  });
});
