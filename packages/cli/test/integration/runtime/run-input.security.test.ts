/**
 * The real `flowops` binary refuses input names that would reach a prototype (issue 9, finding 3)
 * with a coded "To fix" and no stack trace, before it connects anywhere.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { unique } from '../gitops/helpers';
import { BIN, flowRepo, workflowFiles } from '../gitops/repo';

describe('flowops run key=value', () => {
  test('__proto__ / constructor / prototype names are refused by the binary', { timeout: 120_000 }, () => {
    using repo = flowRepo(unique('run-proto'));
    const name = unique('proto');
    repo.commit('wf', workflowFiles({ name, version: '1.0.0' }));
    const r = spawnSync(process.execPath, [BIN, 'run', name, '--env', 'local', '__proto__.GIT_CONFIG_COUNT=1', '__proto__.NODE_OPTIONS=--require=/tmp/x.js', 'constructor.prototype.polluted=1', 'who=x'], {
      cwd: repo.dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FLOWOPS_TEMPORAL_ADDRESS: '127.0.0.1:1' },
    });
    expect(r.status, r.stdout + r.stderr).not.toBe(0);
    expect(r.stderr).toMatch(/"__proto__\.GIT_CONFIG_COUNT" uses "__proto__", which is never an input name/);
    expect(r.stderr).toMatch(/To fix: .*\[FLOW_INVALID_INPUT\]/);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(r.stdout).not.toMatch(/started/);
  });
});
