import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitRollback, planRollback } from './rollback';
import { createTestRepo, pkg } from '../test/test-repo';

describe('rollback', () => {
  it('finds the commits since the previous version and makes one revert commit of that workflow only', async () => {
    using repo = createTestRepo();
    repo.commit('add deploy 1.0.0', { 'workflows/deploy/package.json': pkg('deploy', '1.0.0'), 'workflows/deploy/workflow.ts': 'v1', 'README.md': 'hi' });
    const v11 = repo.commit('deploy 1.1.0', { 'workflows/deploy/package.json': pkg('deploy', '1.1.0'), 'workflows/deploy/workflow.ts': 'v1.1' });
    repo.commit('unrelated', { 'README.md': 'changed' });
    const v12 = repo.commit('deploy 1.2.0 + docs', {
      'workflows/deploy/package.json': pkg('deploy', '1.2.0'),
      'workflows/deploy/workflow.ts': 'v1.2',
      'workflows/deploy/extra.ts': 'new',
      'README.md': 'docs',
    });

    const previous = await planRollback(repo.dir, 'deploy');
    expect(previous).toMatchObject({ from: '1.2.0', to: '1.1.0', base: v11, nextVersion: '1.2.1' });
    expect(previous.reverted.map((c) => c.sha)).toEqual([v12]);

    const plan = await planRollback(repo.dir, 'deploy', '1.0.0');
    expect(plan.to).toBe('1.0.0');
    expect(plan.reverted.map((c) => c.subject)).toEqual(['deploy 1.2.0 + docs', 'deploy 1.1.0']);
    const sha = await commitRollback(repo.dir, plan);
    expect(repo.git('rev-parse', 'HEAD')).toBe(sha);
    expect(readFileSync(join(repo.dir, 'workflows/deploy/workflow.ts'), 'utf8')).toBe('v1');
    expect(JSON.parse(readFileSync(join(repo.dir, 'workflows/deploy/package.json'), 'utf8')).version).toBe('1.0.0');
    expect(repo.git('ls-files', 'workflows/deploy')).not.toContain('extra.ts');
    expect(readFileSync(join(repo.dir, 'README.md'), 'utf8')).toBe('docs'); // other files untouched
    expect(repo.git('log', '-1', '--format=%s')).toBe('Revert deploy to 1.0.0');
    expect(repo.git('log', '-1', '--format=%b')).toContain('Fix forward with deploy@1.2.1, the next free version');
    // the record check --base reads: one trailer per version taken back, with the newest commit at it
    expect(repo.git('log', '-1', '--format=%(trailers:key=Flowops-Published,valueonly)')).toBe(`deploy@1.2.0 ${v12}\ndeploy@1.1.0 ${v11}`);
    // after the revert, git's newest version is 1.0.0 again: the next free version still comes from history.
    repo.commit('deploy 1.0.1', { 'workflows/deploy/package.json': pkg('deploy', '1.0.1') });
    expect((await planRollback(repo.dir, 'deploy')).nextVersion).toBe('1.2.1');
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('refuses unknown versions, unknown workflows and dirty directories with FLOW_GIT_ERROR', async () => {
    using repo = createTestRepo();
    repo.commit('add', { 'workflows/deploy/package.json': pkg('deploy', '1.0.0') });
    repo.commit('bump', { 'workflows/deploy/package.json': pkg('deploy', '1.1.0') });
    await expect(planRollback(repo.dir, 'deploy', '0.9.0')).rejects.toMatchObject({ code: 'FLOW_GIT_ERROR' });
    await expect(planRollback(repo.dir, 'nope')).rejects.toMatchObject({ code: 'FLOW_GIT_ERROR' });
    const plan = await planRollback(repo.dir, 'deploy');
    repo.git('config', 'core.autocrlf', 'false');
    (await import('node:fs')).writeFileSync(join(repo.dir, 'workflows/deploy/package.json'), 'dirty');
    await expect(commitRollback(repo.dir, plan)).rejects.toMatchObject({ code: 'FLOW_GIT_ERROR' });
  });
});

describe('rollback without a git identity', () => {
  it('fails with FLOW_GIT_ERROR and a hint, leaving the working tree as it was', async () => {
    using repo = createTestRepo();
    repo.commit('add deploy 1.0.0', { 'workflows/deploy/package.json': pkg('deploy', '1.0.0'), 'workflows/deploy/workflow.ts': 'v1' });
    repo.commit('deploy 1.1.0', {
      'workflows/deploy/package.json': pkg('deploy', '1.1.0'),
      'workflows/deploy/workflow.ts': 'v1.1',
      'workflows/deploy/extra.ts': 'new',
    });
    const head = repo.git('rev-parse', 'HEAD');
    repo.git('config', '--unset', 'user.email');
    repo.git('config', '--unset', 'user.name');
    repo.git('config', 'user.useConfigOnly', 'true');
    const saved = { global: process.env.GIT_CONFIG_GLOBAL, email: process.env.EMAIL };
    process.env.GIT_CONFIG_GLOBAL = '/dev/null';
    delete process.env.EMAIL;
    try {
      const plan = await planRollback(repo.dir, 'deploy');
      const error = await commitRollback(repo.dir, plan).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'FLOW_GIT_ERROR', hint: expect.stringContaining('git config user.email') });
    } finally {
      if (saved.global === undefined) delete process.env.GIT_CONFIG_GLOBAL;
      else process.env.GIT_CONFIG_GLOBAL = saved.global;
      if (saved.email !== undefined) process.env.EMAIL = saved.email;
    }
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(readFileSync(join(repo.dir, 'workflows/deploy/workflow.ts'), 'utf8')).toBe('v1.1');
  });
});
