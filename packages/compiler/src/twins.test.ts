/**
 * One checker for both forms: each `test/fixtures/twin-*` repository holds a workflow written
 * twice, `as-ts` (TypeScript) and `as-yaml` (YAML), with the same mistakes. Both must get the
 * same diagnostics — codes and steps, in order — whatever found them (the type checker or the
 * compiler's own checks against the plugin schemas).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { checkWorkflows } from './index';

const fixtures = path.join(import.meta.dirname, '..', 'test', 'fixtures');
const twins = readdirSync(fixtures)
  .filter((n) => n.startsWith('twin-'))
  .sort();

test('there are twin fixtures', () => {
  expect(twins.length).toBeGreaterThan(0);
});

test.each(twins)('%s: the YAML workflow and its TypeScript twin get the same diagnostics', { timeout: 180_000 }, async (name) => {
  const result = await checkWorkflows({ root: path.join(fixtures, name), cache: false });
  const of = (dir: string) => result.diagnostics.filter((d) => d.file.startsWith(`workflows/${dir}/`)).map((d) => `${d.code} ${d.step ?? '-'}`);
  const yaml = of('as-yaml');
  expect(yaml.length).toBeGreaterThan(0);
  expect(of('as-ts')).toEqual(yaml);
  // The secret checks read the IR only: their messages (kind, path, hint) are the same word for word.
  const secrets = (dir: string) =>
    result.diagnostics.filter((d) => d.file.startsWith(`workflows/${dir}/`) && /SECRET/.test(d.code)).map((d) => `${d.message} | ${d.hint}`);
  expect(secrets('as-ts')).toEqual(secrets('as-yaml'));
});
