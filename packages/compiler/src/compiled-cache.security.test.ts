/**
 * The compile cache can be trusted by `plan` and `publish`: an entry is used only when its MAC
 * verifies with the user's secret. A tampered entry, one without a MAC (an older flowops) and one
 * signed with another key are ignored and the workflow is compiled again; a verified one is used
 * (the control that shows the forgeries would have been served had they verified).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { cacheSecret } from './cache-key';
import { cacheDir, entryMac } from './cache-store';
import { checkWorkflows } from './index';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const root = mkdtempSync(path.join(tmpdir(), 'flowops-signed-cache-'));
const keyFile = path.join(root, 'home', 'cache.key');
const cacheFile = path.join(cacheDir(root), 'compiled.json');
const workflowFile = path.join(root, 'workflows/hello/workflow.yaml');
const savedKeyFile = process.env.FLOWOPS_CACHE_KEY_FILE;

beforeAll(() => {
  process.env.FLOWOPS_CACHE_KEY_FILE = keyFile;
  // node_modules of symlinks (not one symlink), so node_modules/.cache is this tree's own
  mkdirSync(path.join(root, 'node_modules'));
  for (const entry of readdirSync(path.join(repoRoot, 'node_modules')))
    if (entry !== '.cache') symlinkSync(path.join(repoRoot, 'node_modules', entry), path.join(root, 'node_modules', entry));
  mkdirSync(path.dirname(workflowFile), { recursive: true });
  writeFileSync(path.join(root, 'workflows/hello/package.json'), JSON.stringify({ name: '@workflows/hello', version: '1.0.0', private: true }));
  writeFileSync(
    workflowFile,
    [
      'name: hello',
      'owner: "@acme/platform"',
      'defaults:',
      '  retry: { maxAttempts: 3 }',
      '  timeout: 30s',
      'steps:',
      '  - id: say',
      '    uses: log.write@1',
      '    with:',
      '      message: hello',
      '',
    ].join('\n'),
  );
});
afterAll(() => {
  if (savedKeyFile === undefined) delete process.env.FLOWOPS_CACHE_KEY_FILE;
  else process.env.FLOWOPS_CACHE_KEY_FILE = savedKeyFile;
  rmSync(root, { recursive: true, force: true });
});

const check = () => checkWorkflows({ root, cache: true, typecheck: false });
const message = (r: Awaited<ReturnType<typeof check>>) => (r.workflows[0]!.ir.steps[0] as { with?: { message?: string } }).with?.message;

interface OnDisk {
  key: string;
  entries: Record<string, unknown>;
}

type Sign = (json: string, key: string, originalMac: string) => unknown;

/** Rewrite the workflow's cache entry (its step's message): `sign` gets the forged JSON text and returns what to store. */
function forge(sign: Sign): void {
  const disk = JSON.parse(readFileSync(cacheFile, 'utf8')) as OnDisk;
  const entry = disk.entries[workflowFile] as { json: string; mac: string };
  const value = JSON.parse(entry.json) as { ir: { steps: { with: { message: string } }[] } };
  value.ir.steps[0]!.with.message = 'forged';
  disk.entries[workflowFile] = sign(JSON.stringify(value), disk.key, entry.mac);
  writeFileSync(cacheFile, JSON.stringify(disk));
}

test('the key is created 0600 outside the repository; a second check is answered from the signed cache', { timeout: 120_000 }, async () => {
  const first = await check();
  expect(first.diagnostics).toEqual([]);
  expect([first.rechecked, first.cached]).toEqual([1, 0]);
  expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  const second = await check();
  expect([second.rechecked, second.cached]).toEqual([0, 1]);
  expect(second.workflows).toEqual(first.workflows);
});

test('a tampered entry, an entry without a MAC and one signed with another key are ignored: the workflow is compiled again', { timeout: 120_000 }, async () => {
  const forgeries: [string, Sign][] = [
    ['tampered (the MAC of the original content)', (json, _key, mac) => ({ mac, json })],
    ['no MAC (an older flowops)', (json) => JSON.parse(json)],
    ['no MAC, text form', (json) => ({ json })],
    ['signed with another key', (json, key) => ({ mac: entryMac(randomBytes(32), key, workflowFile, json), json })],
  ];
  const seen: [string, number, number, string | undefined][] = [];
  for (const [what, sign] of forgeries) {
    rmSync(cacheFile, { force: true });
    await check(); // a valid entry on disk to forge from
    forge(sign);
    const r = await check();
    seen.push([what, r.rechecked, r.cached, message(r)]);
  }
  expect(seen).toEqual(forgeries.map(([what]) => [what, 1, 0, 'hello']));
});

test('control: the same forgery signed with the user key is served (so the ignored ones would have been)', { timeout: 120_000 }, async () => {
  rmSync(cacheFile, { force: true });
  await check();
  forge((json, key) => ({ mac: entryMac(cacheSecret(keyFile)!, key, workflowFile, json), json }));
  const r = await check();
  expect([r.rechecked, r.cached]).toEqual([0, 1]);
  expect(message(r)).toBe('forged');
});

test('a key file others can read is not used: nothing is read from the cache', { timeout: 120_000 }, async () => {
  const other = path.join(root, 'home', 'shared.key');
  writeFileSync(other, `${randomBytes(32).toString('hex')}\n`);
  chmodSync(other, 0o644);
  process.env.FLOWOPS_CACHE_KEY_FILE = other;
  try {
    await check();
    const r = await check();
    expect([r.rechecked, r.cached]).toEqual([1, 0]);
  } finally {
    process.env.FLOWOPS_CACHE_KEY_FILE = keyFile;
  }
});

test('without a type-check (plan, publish) a TypeScript workflow is cached with the local files it imports: a helper behind a re-export recompiles it', {
  timeout: 180_000,
}, async () => {
  const dir = path.join(root, 'workflows/typed');
  mkdirSync(path.join(dir, 'lib'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: '@workflows/typed', version: '1.0.0', private: true, type: 'module' }));
  writeFileSync(path.join(dir, 'lib/index.ts'), "export * from './text';\n");
  const helper = path.join(dir, 'lib/text.ts');
  writeFileSync(helper, "export const greeting = 'first';\n");
  writeFileSync(
    path.join(dir, 'workflow.ts'),
    [
      "import { defineWorkflow, step } from '@flowops/sdk';",
      "import log from '@flowops/plugin-log';",
      "import { z } from 'zod';",
      "import { greeting } from './lib/index';",
      'export default defineWorkflow({',
      "  name: 'typed',",
      "  owner: '@acme/sre',",
      '  input: z.object({}),',
      "  defaults: { retry: { maxAttempts: 3 }, timeout: '30s' },",
      "  steps: () => ({ steps: [step('say', log.write({ message: greeting }))] }),",
      '});',
      '',
    ].join('\n'),
  );
  const typed = (r: Awaited<ReturnType<typeof check>>) =>
    (r.workflows.find((w) => w.name === 'typed')!.ir.steps[0] as { with?: { message?: string } }).with?.message;
  rmSync(cacheFile, { force: true });
  const first = await check();
  expect(first.diagnostics).toEqual([]);
  expect(typed(first)).toBe('first');
  const second = await check();
  expect([second.rechecked, second.cached]).toEqual([0, 2]);
  writeFileSync(helper, "export const greeting = 'second';\n");
  const third = await check();
  expect([third.rechecked, third.cached]).toEqual([1, 1]);
  expect(typed(third)).toBe('second');
});
