/**
 * CODEOWNERS: the owners it names (teams `@org/team` and logins `@login`), for the policy
 * context (`ownersInCodeowners`). GitHub reads the first of `.github/CODEOWNERS`, `CODEOWNERS`,
 * `docs/CODEOWNERS`; so does `readCodeowners`.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where GitHub looks for CODEOWNERS, in its order. */
export const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

/**
 * The owners named anywhere in a CODEOWNERS text, in first-seen order, without duplicates
 * (e-mail owners are left out: they name no team or login).
 * @example
 * parseCodeowners('* @acme/platform\n/workflows/deploy/ @alice @acme/sre # on call') // ['@acme/platform', '@alice', '@acme/sre']
 */
export function parseCodeowners(text: string): string[] {
  const owners = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '' || line.startsWith('[')) continue;
    // the first token is the pattern (it may contain escaped spaces); the rest are owners
    const tokens = line.split(/(?<!\\)\s+/).slice(1);
    for (const t of tokens) if (/^@[A-Za-z0-9][A-Za-z0-9-]*(\/[A-Za-z0-9_.-]+)?$/.test(t)) owners.add(t);
  }
  return [...owners];
}

/** The CODEOWNERS file of a repository (the first GitHub would use), or undefined. */
export function readCodeowners(root: string): { file: string; owners: string[] } | undefined {
  for (const rel of CODEOWNERS_PATHS) {
    const path = join(root, rel);
    if (existsSync(path)) return { file: rel, owners: parseCodeowners(readFileSync(path, 'utf8')) };
  }
  return undefined;
}
