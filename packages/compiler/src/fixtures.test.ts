/**
 * Compiler fixtures: each `test/fixtures/<case>/` is a small repository (workflows in) with an
 * `expected.json` (diagnostics out: code, severity, file, line, column, step) and optionally
 * `options.json` (extra check options). Regenerate after review: `npx tsx test/run-fixtures.ts --write`.
 *
 * The cases share what does not depend on the case, so the file runs in seconds, not minutes: the
 * type-check runs in this process on one ts-morph Project whose Program holds every case's
 * workflows (reused by each case, its local files re-read from disk first), and one loader child
 * serves every case that keeps the default load limits.
 *
 * The twins share them too. Each `test/fixtures/twin-*` repository holds a workflow written twice,
 * `as-ts` (TypeScript) and `as-yaml` (YAML), with the same mistakes: both must get the same
 * diagnostics — codes and steps, in order — whatever found them (the type checker or the
 * compiler's own checks against the plugin schemas). The webhook trigger and `visibility`
 * (fixture `webhook-trigger`) are twins too: both forms reach the same IR, and a bad visibility or
 * a key in the trigger (keys live in the cluster, never in a definition) is FLOW_SCHEMA_INVALID.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { COMPILER_ERROR_CODES, COMPILER_WARNING_CODES } from '@flowops/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkWorkflows, discoverWorkflows } from './index';
import { createWorkflowLoader } from './load-child';
import { createTypeChecker } from './typecheck';

const fixtures = path.join(import.meta.dirname, '..', 'test', 'fixtures');
const cases = readdirSync(fixtures)
  .filter((n) => existsSync(path.join(fixtures, n, 'expected.json')))
  .sort();
const twins = readdirSync(fixtures)
  .filter((n) => n.startsWith('twin-'))
  .sort();
const webhook = path.join(fixtures, 'webhook-trigger');

const sharedLoader = createWorkflowLoader();
afterAll(() => sharedLoader.close());
// One Program with every case's workflows: each case's in-process check then reuses it (and
// TypeScript's per-file diagnostics) instead of building and type-checking its own.
beforeAll(() => {
  const dirs = [...cases, ...twins].map((c) => path.join(fixtures, c));
  const roots = [...dirs, webhook].flatMap((root) => discoverWorkflows({ root })).filter((s) => s.kind === 'ts');
  createTypeChecker(fixtures, { reuse: true }).check(roots.map((s) => s.file));
}, 180_000);

describe('compiler fixtures', () => {
  test('there is a fixture for every compiler code that needs no git history', () => {
    const codes = new Set(
      cases.flatMap((c) => (JSON.parse(readFileSync(path.join(fixtures, c, 'expected.json'), 'utf8')) as { code: string }[]).map((d) => d.code)),
    );
    // Every compiler code but those that need git history, a lockfile or a config's environments
    // (tested by the version policy, lockfile and env-values tests) — read from core's list, so a
    // new code needs a fixture.
    const needsHistory = new Set(['FLOW_VERSION_NOT_BUMPED', 'FLOW_BREAKING_CHANGE', 'FLOW_LOCKFILE_STALE', 'FLOW_ENV_UNDEFINED']);
    for (const code of [...COMPILER_ERROR_CODES, ...COMPILER_WARNING_CODES].filter((c) => !needsHistory.has(c))) {
      expect(codes, code).toContain(code);
    }
  });

  test.each(cases)('%s', { timeout: 180_000 }, async (name) => {
    const root = path.join(fixtures, name);
    const expected = JSON.parse(readFileSync(path.join(root, 'expected.json'), 'utf8')) as unknown[];
    const optionsFile = path.join(root, 'options.json');
    const options = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as Record<string, unknown>) : {};
    const ownLimits = 'loadTimeoutMs' in options || 'loadMemoryMb' in options;
    const shared = { worker: false, ...(ownLimits ? {} : { workflowLoader: sharedLoader }) };
    const result = await checkWorkflows({ root, cache: false, ...shared, ...options });
    const actual = result.diagnostics.map(({ code, severity, file, line, column, step }) => ({ code, severity, file, line, column, step }));
    expect(actual).toEqual(expected);
    for (const d of result.diagnostics) {
      expect(d.message.length, d.code).toBeGreaterThan(10);
      expect(d.hint, d.code).toBeTruthy();
    }
  });
});

describe('twins: one checker for both forms', () => {
  test('there are twin fixtures', () => {
    expect(twins.length).toBeGreaterThan(0);
  });

  test.each(twins)('%s: the YAML workflow and its TypeScript twin get the same diagnostics', { timeout: 180_000 }, async (name) => {
    const result = await checkWorkflows({ root: path.join(fixtures, name), cache: false, worker: false, workflowLoader: sharedLoader });
    const of = (dir: string) => result.diagnostics.filter((d) => d.file.startsWith(`workflows/${dir}/`)).map((d) => `${d.code} ${d.step ?? '-'}`);
    const yaml = of('as-yaml');
    expect(yaml.length).toBeGreaterThan(0);
    expect(of('as-ts')).toEqual(yaml);
    // The secret checks read the IR only: their messages (kind, path, hint) are the same word for word.
    const secrets = (dir: string) =>
      result.diagnostics.filter((d) => d.file.startsWith(`workflows/${dir}/`) && /SECRET/.test(d.code)).map((d) => `${d.message} | ${d.hint}`);
    expect(secrets('as-ts')).toEqual(secrets('as-yaml'));
  });

  test('the webhook trigger and visibility reach the IR from TypeScript and YAML', { timeout: 180_000 }, async () => {
    const result = await checkWorkflows({ root: webhook, cache: false, worker: false, workflowLoader: sharedLoader });
    const ir = (name: string) => result.workflows.find((w) => w.ir?.name === name)?.ir;
    for (const name of ['as-ts', 'as-yaml']) {
      expect(ir(name)?.triggers, name).toEqual([{ type: 'webhook' }, { type: 'manual' }]);
      expect(ir(name)?.visibility, name).toBe('public');
    }
    expect(result.diagnostics.filter((d) => d.file.includes('/as-'))).toEqual([]);
    const bad = result.diagnostics.filter((d) => d.file.includes('bad-visibility')).map((d) => `${d.code} ${d.message}`);
    expect(bad).toEqual([
      'FLOW_SCHEMA_INVALID triggers[0]: Unrecognized key: "secret"',
      'FLOW_SCHEMA_INVALID visibility: Invalid option: expected one of "private"|"public"',
    ]);
  });
});
