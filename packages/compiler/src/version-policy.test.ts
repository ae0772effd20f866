/**
 * Version policy on throwaway git repositories built from a file map: commit a base, change the
 * working tree, check with `base`.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { afterEach, describe, expect, test } from 'vitest';
import { checkWorkflows } from './index';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const roots: string[] = [];

async function repo(files: Record<string, string>): Promise<string> {
  const root = mkdtempSync(path.join(tmpdir(), 'flowops-vp-'));
  roots.push(root);
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  write(root, { '.gitignore': 'node_modules\n', ...files });
  const git = simpleGit({ baseDir: root });
  await git.init();
  await git.addConfig('user.email', 't@example.com').addConfig('user.name', 'test').addConfig('commit.gpgsign', 'false');
  await git.add('.');
  await git.commit('base');
  await git.branch(['base']);
  return root;
}

function write(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}

afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

const pkg = (version: string) => `{\n  "name": "@t/svc",\n  "version": "${version}",\n  "private": true,\n  "type": "module"\n}\n`;
const yaml = (duration: string) => `name: svc\nowner: "@acme/sre"\nsteps:\n  - id: wait\n    type: sleep\n    duration: ${duration}\n`;

const tsWorkflow = (fields: string) => `import { defineWorkflow, step } from '@flowops/sdk';
import log from '@flowops/plugin-log';
import { z } from 'zod';

export default defineWorkflow({
  name: 'typed-svc',
  owner: '@acme/sre',
  input: z.object({ ${fields} }),
  defaults: { retry: { maxAttempts: 3 }, timeout: '30s' },
  steps: ({ input }) => [step('note', log.write({ message: input.service }))],
});
`;

const codes = (r: { diagnostics: { code: string }[] }) => r.diagnostics.map((d) => d.code);

describe('version policy (--base)', () => {
  test('a changed workflow with the same version is FLOW_VERSION_NOT_BUMPED at package.json "version"', async () => {
    const root = await repo({ 'workflows/svc/package.json': pkg('1.0.0'), 'workflows/svc/workflow.yaml': yaml('5s') });
    write(root, { 'workflows/svc/workflow.yaml': yaml('10s') });
    const result = await checkWorkflows({ root, base: 'base', typecheck: false });
    expect(codes(result)).toEqual(['FLOW_VERSION_NOT_BUMPED']);
    const d = result.diagnostics[0]!;
    expect(d).toMatchObject({ file: 'workflows/svc/package.json', line: 3, column: 3, workflow: 'svc' });
    expect(d.hint).toContain('npx changeset');
  });

  test('the same change with a bumped version passes, and the working tree is untouched', async () => {
    const root = await repo({ 'workflows/svc/package.json': pkg('1.0.0'), 'workflows/svc/workflow.yaml': yaml('5s') });
    write(root, { 'workflows/svc/workflow.yaml': yaml('10s'), 'workflows/svc/package.json': pkg('1.1.0') });
    const result = await checkWorkflows({ root, base: 'base', typecheck: false });
    expect(codes(result)).toEqual([]);
    const status = await simpleGit({ baseDir: root }).status();
    expect(status.modified.sort()).toEqual(['workflows/svc/package.json', 'workflows/svc/workflow.yaml']);
    expect(status.not_added).toEqual([]);
  });

  test('an unchanged or new workflow needs nothing', async () => {
    const root = await repo({ 'workflows/svc/package.json': pkg('1.0.0'), 'workflows/svc/workflow.yaml': yaml('5s') });
    write(root, {
      'workflows/fresh/package.json': pkg('0.1.0').replace('@t/svc', '@t/fresh'),
      'workflows/fresh/workflow.yaml': yaml('1s').replace('name: svc', 'name: fresh'),
    });
    expect(codes(await checkWorkflows({ root, base: 'base', typecheck: false }))).toEqual([]);
  });

  test('a TypeScript workflow whose input gains a required field needs a major bump (FLOW_BREAKING_CHANGE)', { timeout: 120_000 }, async () => {
    const root = await repo({ 'workflows/typed-svc/package.json': pkg('1.0.0'), 'workflows/typed-svc/workflow.ts': tsWorkflow('service: z.string()') });
    write(root, {
      'workflows/typed-svc/workflow.ts': tsWorkflow("service: z.string(), region: z.string(), tier: z.enum(['a'])"),
      'workflows/typed-svc/package.json': pkg('1.1.0'),
    });
    const minor = await checkWorkflows({ root, base: 'base', typecheck: false });
    expect(codes(minor)).toEqual(['FLOW_BREAKING_CHANGE']);
    expect(minor.diagnostics[0]!.message).toContain('region');
    expect(minor.diagnostics[0]!.file).toBe('workflows/typed-svc/workflow.ts');
    write(root, { 'workflows/typed-svc/package.json': pkg('2.0.0') });
    expect(codes(await checkWorkflows({ root, base: 'base', typecheck: false }))).toEqual([]);
  });

  test('an unknown base ref is a usage error', async () => {
    const root = await repo({ 'workflows/svc/package.json': pkg('1.0.0'), 'workflows/svc/workflow.yaml': yaml('5s') });
    await expect(checkWorkflows({ root, base: 'no-such-ref', typecheck: false })).rejects.toMatchObject({ code: 'FLOW_USAGE' });
  });
});
