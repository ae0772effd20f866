import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGitWorkflows } from './load-git';
import { createTestRepo } from '../test/test-repo';

const fixture = resolve(import.meta.dirname, '../../compiler/test/fixtures/clean-yaml/workflows/hello');
// Inside the monorepo so the extracted tree resolves @flowops/* and the plugin catalog.
const parent = resolve(import.meta.dirname, '../../../node_modules/.cache/flowops-test');

describe('loadGitWorkflows at a ref', () => {
  it('compiles the workflows of an older commit of a repo that has a flowops.config.ts', async () => {
    mkdirSync(parent, { recursive: true });
    using repo = createTestRepo(parent);
    const yaml = readFileSync(join(fixture, 'workflow.yaml'), 'utf8');
    const first = repo.commit('hello 1.0.0', {
      'package.json': '{ "name": "cjs-scope-repo", "private": true }',
      'flowops.config.ts': "import { defineConfig } from '@flowops/sdk';\nexport default defineConfig({ environments: { local: {} } });\n",
      'workflows/hello/package.json': readFileSync(join(fixture, 'package.json'), 'utf8'),
      'workflows/hello/workflow.yaml': yaml,
    });
    repo.commit('remove hello', { 'workflows/hello/workflow.yaml': null, 'workflows/hello/package.json': null });

    const loaded = await loadGitWorkflows(repo.dir, first);
    expect(loaded.gitSha).toBe(first);
    expect(loaded.workflows.map((w) => w.ir.name)).toEqual(['hello']);
  });
});
