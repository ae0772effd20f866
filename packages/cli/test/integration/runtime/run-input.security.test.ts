/**
 * The real `flowops` binary refuses input names that would reach a prototype (issue 9, finding 3)
 * with a coded "To fix" and no stack trace, before it connects anywhere; and a protected
 * environment (named in config, not by the word "production") never runs the checkout's code.
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
    const r = spawnSync(
      process.execPath,
      [
        BIN,
        'run',
        name,
        '--env',
        'local',
        '__proto__.GIT_CONFIG_COUNT=1',
        '__proto__.NODE_OPTIONS=--require=/tmp/x.js',
        'constructor.prototype.polluted=1',
        'who=x',
      ],
      {
        cwd: repo.dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', FLOWOPS_TEMPORAL_ADDRESS: '127.0.0.1:1' },
      },
    );
    expect(r.status, r.stdout + r.stderr).not.toBe(0);
    expect(r.stderr).toMatch(/"__proto__\.GIT_CONFIG_COUNT" uses "__proto__", which is never an input name/);
    expect(r.stderr).toMatch(/To fix: .*\[FLOW_INVALID_INPUT\]/);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(r.stdout).not.toMatch(/started/);
  });

  test('a protected environment refuses the checkout (--local, dry-run of the local definition); production stays protected by default', {
    timeout: 120_000,
  }, () => {
    using repo = flowRepo(unique('run-prot'));
    const name = unique('prot');
    const config = `import { defineConfig } from '@flowops/sdk';
export default defineConfig({ environments: { local: {}, 'production-eu': { address: '127.0.0.1:1', protected: true, runners: ['@acme/sre'] }, production: { address: '127.0.0.1:1' }, lab: { address: '127.0.0.1:1', protected: false } } });
`;
    repo.commit('wf', { ...workflowFiles({ name, version: '1.0.0' }), 'flowops.config.ts': config, 'package.json': '{ "private": true, "type": "module" }\n' });
    const flowops = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, ...args], {
        cwd: repo.dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', FLOWOPS_TEMPORAL_ADDRESS: undefined },
      });
    for (const args of [
      ['run', name, '--env', 'production-eu', '--local'],
      ['dry-run', name, '--env', 'production-eu'],
      ['run', name, '--env', 'production', '--local'],
    ]) {
      const r = flowops(...args);
      expect(r.status, args.join(' ') + r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toMatch(/is a protected environment: it runs only published definitions[\s\S]*To fix: [\s\S]*\[FLOW_USAGE\]/);
    }
    // Not protected: it gets past the check and fails only where it connects.
    const lab = flowops('run', name, '--env', 'lab', '--local');
    expect(lab.stderr).not.toMatch(/protected environment/);
    expect(lab.stderr).toMatch(/FLOW_TEMPORAL_UNREACHABLE/);
  });
});
