/**
 * The rollback's record (`Flowops-Published:` trailers) and the `check --base` rule that reads it:
 * a fix-forward to a version already published with other content is FLOW_VERSION_IMMUTABLE,
 * naming the next free version.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { afterEach, describe, expect, test } from 'vitest';
import { checkWorkflows } from './index';
import { formatPublishedTrailers, parsePublishedTrailers } from './published-record';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

const pkg = (version: string) => `{\n  "name": "@t/svc",\n  "version": "${version}",\n  "private": true\n}\n`;
const yaml = (duration: string) => `name: svc\nowner: "@acme/sre"\nsteps:\n  - id: wait\n    type: sleep\n    duration: ${duration}\n`;
const svc = (version: string, duration: string) => ({ 'workflows/svc/package.json': pkg(version), 'workflows/svc/workflow.yaml': yaml(duration) });

function write(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}

/** svc 1.0.0 (5s), 1.0.1 (10s), then a revert to 1.0.0 carrying the record, as `flowops rollback` makes it. */
async function rolledBack(): Promise<string> {
  const root = mkdtempSync(path.join(tmpdir(), 'flowops-pr-'));
  roots.push(root);
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const git = simpleGit({ baseDir: root });
  await git.init();
  await git.addConfig('user.email', 't@example.com').addConfig('user.name', 'test').addConfig('commit.gpgsign', 'false');
  write(root, { '.gitignore': 'node_modules\n', ...svc('1.0.0', '5s') });
  await git.add('.').commit('svc 1.0.0');
  write(root, svc('1.0.1', '10s'));
  await git.add('.').commit('svc 1.0.1');
  const v101 = (await git.revparse(['HEAD'])).trim();
  write(root, svc('1.0.0', '5s'));
  await git.add('.').commit(`Revert svc to 1.0.0\n\n${formatPublishedTrailers([{ workflow: 'svc', version: '1.0.1', sha: v101 }])}`);
  await git.branch(['rollback']);
  return root;
}

const codes = (r: { diagnostics: { code: string }[] }) => r.diagnostics.map((d) => d.code);

describe('the rollback record', () => {
  test('trailers round-trip, filtered by workflow; other lines are ignored', () => {
    const sha = 'a'.repeat(40);
    const text = `Revert\n\nbody\n\n${formatPublishedTrailers([
      { workflow: 'svc', version: '1.0.1', sha },
      { workflow: 'other', version: '2.0.0', sha },
    ])}\nFlowops-Published: broken`;
    expect(parsePublishedTrailers(text, 'svc')).toEqual([{ workflow: 'svc', version: '1.0.1', sha }]);
    expect(parsePublishedTrailers(text)).toHaveLength(2);
  });
});

describe('check --base after a rollback', () => {
  test('a fix-forward back to a published version with other content is FLOW_VERSION_IMMUTABLE naming the next free version', async () => {
    const root = await rolledBack();
    write(root, svc('1.0.1', '20s'));
    const result = await checkWorkflows({ root, base: 'rollback', typecheck: false });
    expect(codes(result)).toEqual(['FLOW_VERSION_IMMUTABLE']);
    expect(result.diagnostics[0]).toMatchObject({ file: 'workflows/svc/package.json', line: 3, workflow: 'svc' });
    expect(result.diagnostics[0]!.hint).toContain('bump to 1.0.2 (the next free version)');
  });

  test('the same content as the published version (a roll-forward) and the next free version pass', async () => {
    const root = await rolledBack();
    write(root, svc('1.0.1', '10s'));
    expect(codes(await checkWorkflows({ root, base: 'rollback', typecheck: false }))).toEqual([]);
    write(root, svc('1.0.2', '20s'));
    expect(codes(await checkWorkflows({ root, base: 'rollback', typecheck: false }))).toEqual([]);
  });
});
