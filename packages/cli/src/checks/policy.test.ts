/**
 * The worker's http allow-list comes from flowops.policy.ts's httpAllowedHosts rules (one list per
 * set), unless FLOWOPS_HTTP_ALLOWED_HOSTS is set; a policy file that does not load stops the worker.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { applyHttpAllowList } from './policy';

const repo = path.resolve(import.meta.dirname, '../../../..');
const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
function repoWith(policy?: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'flowops-allow-list-'));
  roots.push(root);
  symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'));
  writeFileSync(path.join(root, 'package.json'), '{ "type": "module" }');
  if (policy) writeFileSync(path.join(root, 'flowops.policy.ts'), policy);
  return root;
}
const set = (name: string, hosts: string) =>
  `definePolicy({ name: '${name}', owners: ['@a'], rules: [policyRules.httpAllowedHosts([${hosts}]), policyRules.noContinueOnWrites()] })`;

test('the lists of the policy sets become FLOWOPS_HTTP_ALLOWED_HOSTS; a set value wins; no policy, no list', { timeout: 120_000 }, async () => {
  const root = repoWith(
    `import { definePolicy, policyRules } from '@flowops/sdk';\nexport default [${set('a', "'api.acme.com', '*.acme.io'")}, ${set('b', "'api.acme.com'")}];\n`,
  );
  const env: Record<string, string | undefined> = {};
  expect(await applyHttpAllowList(root, env)).toEqual({ source: 'flowops.policy.ts', hosts: 'api.acme.com,*.acme.io;api.acme.com' });
  expect(env.FLOWOPS_HTTP_ALLOWED_HOSTS).toBe('api.acme.com,*.acme.io;api.acme.com');
  const preset = { FLOWOPS_HTTP_ALLOWED_HOSTS: 'other.com' };
  expect(await applyHttpAllowList(root, preset)).toEqual({ source: 'FLOWOPS_HTTP_ALLOWED_HOSTS', hosts: 'other.com' });
  const none: Record<string, string | undefined> = {};
  expect(await applyHttpAllowList(repoWith(), none)).toBeUndefined();
  expect(none).toEqual({});
});

test('a policy file that does not load stops the worker with its code', { timeout: 120_000 }, async () => {
  await expect(applyHttpAllowList(repoWith("throw new Error('broken policy');\n"), {})).rejects.toMatchObject({ code: 'FLOW_LOAD_ERROR' });
});
