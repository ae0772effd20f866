import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { parseCodeowners, readCodeowners } from './codeowners';

test('parseCodeowners: teams and logins anywhere, comments and e-mails left out, no duplicates', () => {
  const text = ['# owners', '*  @acme/platform', '/workflows/deploy/ @alice @acme/sre # on call', 'docs/** dev@acme.com @alice', '', '/a\\ b/ @bob'].join('\n');
  expect(parseCodeowners(text)).toEqual(['@acme/platform', '@alice', '@acme/sre', '@bob']);
  expect(parseCodeowners('#* @nobody')).toEqual([]);
});

test('readCodeowners: .github/CODEOWNERS first, then CODEOWNERS, then docs/CODEOWNERS', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'flowops-codeowners-'));
  try {
    expect(readCodeowners(root)).toBeUndefined();
    mkdirSync(path.join(root, 'docs'));
    writeFileSync(path.join(root, 'docs/CODEOWNERS'), '* @docs');
    expect(readCodeowners(root)).toEqual({ file: 'docs/CODEOWNERS', owners: ['@docs'] });
    writeFileSync(path.join(root, 'CODEOWNERS'), '* @root');
    mkdirSync(path.join(root, '.github'));
    writeFileSync(path.join(root, '.github/CODEOWNERS'), '* @gh');
    expect(readCodeowners(root)?.owners).toEqual(['@gh']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
