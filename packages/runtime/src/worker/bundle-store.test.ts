/**
 * The bundle store: webpack runs once per set of inputs; a second start reuses the cached bundle
 * (no webpack run, same file untouched), a changed input rebuilds it, and a prebuilt bundle is
 * used only while its recorded inputs are unchanged.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { type BundleRecord, PACKAGE_ROOT, storeBundle, webpackRunCount, workflowBundleFile } from './bundle-store';

// Inside the package (git-ignored node_modules), so webpack resolves @temporalio/workflow as for the real bundle.
mkdirSync(join(PACKAGE_ROOT, 'node_modules', '.cache'), { recursive: true });
const dir = mkdtempSync(join(PACKAGE_ROOT, 'node_modules', '.cache', 'bundle-store-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a bundle is built once, reused from the cache, rebuilt when an input changes; prebuilt only while its inputs match', async () => {
  const dep = join(dir, 'dep.js');
  writeFileSync(dep, 'export const answer = 1;\n');
  // Plain JS: Temporal's loader does not transpile TypeScript under node_modules.
  writeFileSync(join(dir, 'wf.js'), "import { answer } from './dep.js';\nexport async function answerWorkflow() {\n  return answer;\n}\n");
  const spec = { name: 'store-test', workflowsPath: join(dir, 'wf.js') };
  const lookup = { cacheDir: join(dir, 'cache'), prebuiltDir: join(dir, 'dist') };
  const runs = webpackRunCount();

  const first = await workflowBundleFile(spec, lookup);
  expect(first.source).toBe('built');
  expect(webpackRunCount()).toBe(runs + 1);
  expect(readFileSync(first.codePath, 'utf8')).toContain('answerWorkflow');

  // Bundles of this name unused for over a week go when a new one is stored; recent ones stay.
  const old = join(lookup.cacheDir, 'store-test-0123456789abcdef.js');
  writeFileSync(old, '// an old build');
  const weekAgo = new Date(Date.now() - 8 * 24 * 3600_000);
  utimesSync(old, weekAgo, weekAgo);
  utimesSync(first.codePath, weekAgo, weekAgo);

  const second = await workflowBundleFile(spec, lookup);
  expect(second).toEqual({ ...first, source: 'cache' });
  expect(webpackRunCount()).toBe(runs + 1); // no webpack on the second start
  expect(statSync(second.codePath).mtimeMs).toBeGreaterThan(weekAgo.getTime()); // touched on reuse, not rewritten
  expect(readFileSync(second.codePath, 'utf8')).toContain('answerWorkflow');

  // Other bundler options are another bundle, even with the same input files.
  const preloading = await workflowBundleFile({ ...spec, preloadModules: ['./dep.js'] }, lookup);
  expect(preloading.source).toBe('built');
  expect(preloading.sha256).not.toBe(first.sha256);
  expect(existsSync(old)).toBe(false); // pruned when the new bundle was stored
  expect(existsSync(first.codePath)).toBe(true); // used just now
  expect(webpackRunCount()).toBe(runs + 2);
  expect((await workflowBundleFile(spec, lookup)).source).toBe('built'); // one cache record per name: the last build wins
  expect(webpackRunCount()).toBe(runs + 3);

  writeFileSync(dep, 'export const answer = 2;\n');
  const third = await workflowBundleFile(spec, lookup);
  expect(third.source).toBe('built');
  expect(third.sha256).not.toBe(first.sha256);
  expect(webpackRunCount()).toBe(runs + 4);

  // The prebuilt manifest of the current sources wins over the cache, without webpack.
  const recordFile = readdirSync(lookup.cacheDir).find((f) => f.endsWith('.json'))!;
  const record = JSON.parse(readFileSync(join(lookup.cacheDir, recordFile), 'utf8')) as BundleRecord;
  expect(Object.keys(record.inputs)).toEqual(expect.arrayContaining([expect.stringMatching(/bundle-store-test-.*\/dep\.js$/)]));
  storeBundle(lookup.prebuiltDir, spec, { code: readFileSync(third.codePath, 'utf8'), inputs: record.inputs }, { manifest: true });
  const prebuilt = await workflowBundleFile(spec, lookup);
  expect(prebuilt).toMatchObject({ source: 'prebuilt', sha256: third.sha256, codePath: join(lookup.prebuiltDir, 'workflow-bundle-store-test.js') });
  expect(webpackRunCount()).toBe(runs + 4);

  // A stale prebuilt bundle (its input changed) is not used.
  writeFileSync(dep, 'export const answer = 3;\n');
  const stale = await workflowBundleFile(spec, lookup);
  expect(stale.source).toBe('built');
  expect(webpackRunCount()).toBe(runs + 5);
}, 180_000);
