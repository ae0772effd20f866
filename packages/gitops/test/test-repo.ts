/**
 * Throwaway git repositories built from file maps, for tests of git-facing code.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { childEnv } from '@flowops/core';

export interface TestRepo {
  dir: string;
  /** Write files (null deletes) and commit them; returns the commit sha. */
  commit(message: string, files: Record<string, string | null>): string;
  git(...args: string[]): string;
  [Symbol.dispose](): void;
}

export function createTestRepo(parent = tmpdir()): TestRepo {
  const dir = mkdtempSync(join(parent, 'flowops-repo-'));
  const git = (...args: string[]): string =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: childEnv(process.env, {
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 't@example.com',
      }),
    }).trim();
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 'Test');
  git('config', 'commit.gpgsign', 'false');
  return {
    dir,
    git,
    commit(message, files) {
      for (const [path, content] of Object.entries(files)) {
        const abs = join(dir, path);
        if (content === null) rmSync(abs, { force: true });
        else {
          mkdirSync(dirname(abs), { recursive: true });
          writeFileSync(abs, content);
        }
      }
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD');
    },
    [Symbol.dispose]() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const pkg = (name: string, version: string): string => `${JSON.stringify({ name: `@workflows/${name}`, version, private: true }, null, 2)}\n`;
