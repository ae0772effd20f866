/**
 * Dry-run inputs of a workflow: `workflows/<name>/fixtures/*.json`, sorted by file name. No
 * fixtures → one run with `{}` (the schema's defaults fill in). A fixture that is not a JSON
 * object is returned as an issue (FLOW_INVALID_INPUT), never thrown.
 * @module
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { FlowIssue } from '@flowops/core';

export type Fixture = { name: string; file?: string | undefined; input: Record<string, unknown> } | { name: string; file: string; issue: FlowIssue };

/** `definitionFile` is the workflow's file relative to `root` (e.g. workflows/deploy/workflow.ts). */
export function readFixtures(root: string, definitionFile: string): Fixture[] {
  const rel = path.join(path.dirname(definitionFile), 'fixtures');
  const dir = path.join(root, rel);
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  if (files.length === 0) return [{ name: '(no fixture)', input: {} }];
  return files.map((f): Fixture => {
    const name = f.replace(/\.json$/, '');
    const file = path.join(rel, f).split(path.sep).join('/');
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return {
        name,
        file,
        issue: {
          code: 'FLOW_INVALID_INPUT',
          message: `fixture ${file} is not valid JSON (${why})`,
          hint: 'fix the file: a fixture is the JSON object a run gets as input',
        },
      };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { name, file, issue: { code: 'FLOW_INVALID_INPUT', message: `fixture ${file} must hold a JSON object`, hint: 'wrap the input values in {…}' } };
    }
    return { name, file, input: parsed as Record<string, unknown> };
  });
}
