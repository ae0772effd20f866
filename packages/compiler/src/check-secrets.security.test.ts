/**
 * What `flowops check` prints about a hard-coded secret never contains the secret: not the
 * message or hint, not the code frame around it, in no output format, and in no encoding
 * (raw, any case, base64/base64url, hex, URL-encoded, JSON-escaped).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { leakedEncodings } from '@flowops/testing/vitest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SAMPLES } from '../test/secret-samples';
import { codeFrame } from './format/index';
import { type CheckResult, checkWorkflows, FORMATS, formatReport } from './index';

/** A literal without any secret shape, in a field the github plugin marks sensitive. */
const PLAIN = 'correct-horse-battery-staple';

/** Each value and the part of it that must never show (a known public prefix such as `ghp_` may). */
const LEAKABLE: [string, string][] = [
  ...Object.values(SAMPLES).map((v): [string, string] => [v, v.length > 8 ? v.slice(4) : v]),
  [SAMPLES.urlCredentials, 'hunter2hunter2'],
  [PLAIN, PLAIN],
];

const yamlString = (s: string) => JSON.stringify(s);

let root: string;
let result: CheckResult;

beforeAll(async () => {
  // Inside the repository (under a git-ignored .flowops/) so the plugin catalog resolves.
  const scratch = path.join(import.meta.dirname, '..', 'test', '.flowops');
  await mkdir(scratch, { recursive: true });
  root = await mkdtemp(path.join(scratch, 'secrets-security-'));
  const entries = Object.entries(SAMPLES);
  const yaml = [
    'name: leaky',
    'owner: "@acme/sre"',
    'defaults: { retry: { maxAttempts: 3 }, timeout: 30s }',
    'steps:',
    '  - id: open',
    '    uses: github.createIssue@1',
    `    with: { owner: acme, repo: api, title: hi, token: ${yamlString(PLAIN)} }`,
    ...entries.flatMap(([name, value], i) => [
      `  - id: s${i}-${name.toLowerCase()}`,
      '    uses: http.get@1',
      '    with:',
      '      url: https://api.example.com',
      `      query: { q: ${yamlString(value)} }`,
    ]),
  ].join('\n');
  const ts = [
    "import github from '@flowops/plugin-github';",
    "import http from '@flowops/plugin-http';",
    "import { defineWorkflow, step } from '@flowops/sdk';",
    "import { z } from 'zod';",
    'export default defineWorkflow({',
    "  name: 'leaky-ts',",
    "  owner: '@acme/sre',",
    '  input: z.object({}),',
    "  defaults: { retry: { maxAttempts: 3 }, timeout: '30s' },",
    '  steps: () => [',
    `    step('open', github.createIssue({ owner: 'acme', repo: 'api', title: 'hi', token: ${JSON.stringify(PLAIN)} })),`,
    ...entries.map(
      ([name, value], i) => `    step('s${i}-${name.toLowerCase()}', http.get({ url: 'https://api.example.com', query: { q: ${JSON.stringify(value)} } })),`,
    ),
    '  ],',
    '});',
  ].join('\n');
  for (const [dir, file, text, extra] of [
    ['leaky', 'workflow.yaml', yaml, {}],
    ['leaky-ts', 'workflow.ts', ts, { type: 'module' }],
  ] as const) {
    await mkdir(path.join(root, 'workflows', dir), { recursive: true });
    await writeFile(path.join(root, 'workflows', dir, file), `${text}\n`);
    await writeFile(path.join(root, 'workflows', dir, 'package.json'), JSON.stringify({ name: `@fixtures/${dir}`, version: '1.0.0', private: true, ...extra }));
  }
  result = await checkWorkflows({ root, cache: false });
}, 180_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the secret check never prints a secret', () => {
  test('every sample is reported, in both forms, with its kind', () => {
    const secrets = result.diagnostics.filter((d) => d.code === 'FLOW_HARDCODED_SECRET');
    const count = Object.keys(SAMPLES).length + 1;
    expect(secrets.filter((d) => d.workflow === 'leaky')).toHaveLength(count);
    expect(secrets.filter((d) => d.workflow === 'leaky-ts')).toHaveLength(count);
    expect(secrets.every((d) => /looks like|a literal value/.test(d.message))).toBe(true);
  });

  test.each(FORMATS)('--format %s holds no encoding of any secret (code frames included)', (format) => {
    const text = formatReport(format, result.workflows, result.diagnostics, { root });
    expect(text).toContain('FLOW_HARDCODED_SECRET');
    for (const [value, secret] of LEAKABLE) {
      expect(leakedEncodings(text, secret), value.slice(0, 4)).toEqual([]);
    }
  });
});

test('a code frame masks any secret-shaped text it shows, reported or not (a comment, a neighbouring line)', () => {
  const source = Object.values(SAMPLES)
    .map((v) => `// ${v.split('\n')[0]}`)
    .join('\n');
  const frame = codeFrame(source, 3, 1, 100);
  for (const [value, secret] of LEAKABLE.filter(([v]) => !v.includes('\n') && v !== PLAIN)) {
    expect(leakedEncodings(frame, secret), value.slice(0, 4)).toEqual([]);
  }
});
