/** Throwaway flowops repositories (YAML workflows) inside the monorepo, so packages resolve. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MONOREPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../..');
export const BIN = join(MONOREPO, 'packages/cli/bin/flowops.js');

export interface YamlWorkflow {
  name: string;
  version: string;
  cron?: string;
  uses?: string;
  message?: string;
}

export function workflowFiles(w: YamlWorkflow): Record<string, string> {
  const yaml = [
    `name: ${w.name}`,
    'owner: "@acme/platform"',
    ...(w.cron ? ['triggers:', '  - type: cron', `    schedule: "${w.cron}"`] : []),
    'defaults:',
    '  retry: { maxAttempts: 3 }',
    '  timeout: 30s',
    'steps:',
    '  - id: say',
    `    uses: ${w.uses ?? 'log.write@1'}`,
    '    with:',
    `      message: ${JSON.stringify(w.message ?? 'hello')}`,
  ].join('\n');
  return {
    [`workflows/${w.name}/package.json`]: `${JSON.stringify({ name: `@workflows/${w.name}`, version: w.version, private: true })}\n`,
    [`workflows/${w.name}/workflow.yaml`]: `${yaml}\n`,
  };
}

export interface FlowRepo {
  dir: string;
  write(files: Record<string, string | null>): void;
  commit(message: string, files?: Record<string, string | null>): string;
  git(...args: string[]): string;
  [Symbol.dispose](): void;
}

export function flowRepo(id: string): FlowRepo {
  const dir = join(MONOREPO, 'node_modules', '.cache', 'flowops-test', id);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=Test', '-c', 'commit.gpgsign=false', ...args], {
      cwd: dir,
      encoding: 'utf8',
    }).trim();
  git('init', '-q', '-b', 'main');
  // The CLI commits in this repository too (rollback): give it an identity of its own.
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 'Test');
  const write = (files: Record<string, string | null>): void => {
    for (const [p, content] of Object.entries(files)) {
      const abs = join(dir, p);
      if (content === null) rmSync(abs, { recursive: true, force: true });
      else {
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, content);
      }
    }
  };
  return {
    dir,
    write,
    git,
    commit(message, files = {}) {
      write(files);
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD');
    },
    [Symbol.dispose]() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
