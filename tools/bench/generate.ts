/**
 * Synthetic workflow trees for benchmarks: N TypeScript workflows (10–30 steps, several plugins)
 * in a workspace layout whose node_modules is a symlink to the repository's, so `@flowops/*`
 * resolve exactly as in the real repo.
 * @module
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = ['fetch', 'log', 'shape', 'post', 'notify', 'issue'] as const;

export function workflowSource(index: number, steps: number): string {
  const r = rng(index + 1);
  const name = `wf-${String(index).padStart(3, '0')}`;
  const lines: string[] = [];
  const ids: string[] = [];
  for (let i = 0; i < steps; i++) {
    const kind = i === 0 ? 'fetch' : KINDS[Math.floor(r() * KINDS.length)]!;
    const id = `${kind}-${i}`;
    const v = `s${i}`;
    const prev = `s${Math.max(0, i - 1)}`;
    let call: string;
    switch (kind) {
      case 'fetch':
        call = `http.get({ url: tpl\`\${input.base}/items/\${input.id}/${i}\`, expectStatus: 200 })`;
        break;
      case 'log':
        call = `log.write({ message: tpl\`step ${i} after \${${prev}.status}\`, fields: { n: ${i} } })`;
        break;
      case 'shape':
        call = `transform.jsonata({ expression: '$.items[${i % 5}]', data: s0.output.body })`;
        break;
      case 'post':
        call = `http.request({ method: 'POST', url: tpl\`\${input.base}/events\`, body: { step: ${i}, id: input.id } })`;
        break;
      case 'notify':
        call = `slack.postMessage({ webhookUrl: secret('SLACK_WEBHOOK'), text: tpl\`${name} reached ${i} for \${input.id}\` })`;
        break;
      default:
        call = `github.createIssue({ owner: 'acme', repo: 'ops', token: secret('GITHUB_TOKEN'), title: tpl\`${name} ${i} \${input.id}\` })`;
    }
    lines.push(`    const ${v} = step('${id}', ${call});`);
    ids.push(v);
  }
  return `import { defineWorkflow, secret, step, tpl } from '@flowops/sdk';
import github from '@flowops/plugin-github';
import http from '@flowops/plugin-http';
import log from '@flowops/plugin-log';
import slack from '@flowops/plugin-slack';
import transform from '@flowops/plugin-transform';
import { z } from 'zod';

export default defineWorkflow({
  name: '${name}',
  owner: '@acme/team-${index % 7}',
  description: 'Synthetic benchmark workflow ${index}',
  input: z.object({ base: z.string().url(), id: z.string(), count: z.number().int().optional() }),
  defaults: { retry: { maxAttempts: 3 }, timeout: '30s' },
  steps: ({ input }) => {
${lines.join('\n')}
    return { steps: [${ids.join(', ')}], output: { last: ${ids[ids.length - 1]}.status } };
  },
});
`;
}

export interface GeneratedTree {
  root: string;
  files: string[];
}

export interface GenerateOptions {
  /**
   * Which `@flowops/*` files the tree's type-checks see. `source` (default): the repository's
   * tsconfig as is, whose `customConditions: ["@flowops/source"]` resolves the packages to their
   * `src/*.ts`, as inside this monorepo. `user`: that condition dropped, so they resolve to the
   * built `dist/*.d.ts`, as in a user's repository that installed them from npm (`npm run build` first):
   * each `node_modules/@flowops/<pkg>` is a directory with its package.json and what its `files`
   * publish (linked), no sources, so edits to the repository's sources (other engineers in a shared
   * checkout) do not invalidate the tree's caches, as they would not a user's.
   */
  layout?: 'source' | 'user';
}

/** `@flowops/*` as `npm install` would lay them out: package.json copied, the published entries linked. */
function installAsFromNpm(scope: string, into: string): void {
  mkdirSync(into);
  for (const name of readdirSync(scope)) {
    const from = realpathSync(path.join(scope, name));
    const pkg = JSON.parse(readFileSync(path.join(from, 'package.json'), 'utf8')) as { files?: string[] };
    mkdirSync(path.join(into, name));
    copyFileSync(path.join(from, 'package.json'), path.join(into, name, 'package.json'));
    for (const entry of pkg.files ?? []) {
      if (entry.startsWith('!') || !existsSync(path.join(from, entry))) continue;
      symlinkSync(path.join(from, entry), path.join(into, name, entry));
    }
  }
}

/** Write `count` workflows into a fresh temp dir (or `dir`). */
export function generateTree(count: number, repoRoot: string, dir?: string, options: GenerateOptions = {}): GeneratedTree {
  const root = dir ?? mkdtempSync(path.join(tmpdir(), 'flowops-bench-'));
  mkdirSync(path.join(root, 'workflows'), { recursive: true });
  // A real node_modules of symlinks (not one symlink) so node_modules/.cache is the tree's own.
  mkdirSync(path.join(root, 'node_modules'));
  for (const entry of readdirSync(path.join(repoRoot, 'node_modules'))) {
    if (entry === '.cache' || (entry === '@flowops' && options.layout === 'user')) continue;
    symlinkSync(path.join(repoRoot, 'node_modules', entry), path.join(root, 'node_modules', entry));
  }
  if (options.layout === 'user') installAsFromNpm(path.join(repoRoot, 'node_modules', '@flowops'), path.join(root, 'node_modules', '@flowops'));
  writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify({ name: 'flowops-bench', private: true, type: 'module', workspaces: ['workflows/*'] }, null, 2),
  );
  const base = JSON.parse(readFileSync(path.join(repoRoot, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  const { customConditions, ...userOptions } = base.compilerOptions;
  const compilerOptions = options.layout === 'user' ? userOptions : { ...userOptions, customConditions };
  writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ ...base, compilerOptions, include: ['workflows/*/*.ts'] }, null, 2));
  const r = rng(42);
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `wf-${String(i).padStart(3, '0')}`;
    const wdir = path.join(root, 'workflows', name);
    mkdirSync(wdir, { recursive: true });
    writeFileSync(path.join(wdir, 'package.json'), JSON.stringify({ name: `@bench/${name}`, version: '1.0.0', private: true, type: 'module' }, null, 2));
    const file = path.join(wdir, 'workflow.ts');
    writeFileSync(file, workflowSource(i, 10 + Math.floor(r() * 21)));
    files.push(file);
  }
  return { root, files };
}
