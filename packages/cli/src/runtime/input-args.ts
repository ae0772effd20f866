/**
 * Run input from `--input file.json` and `key=value` arguments (values parse as JSON when they
 * can — `replicas=3`, `dry=true`, `tags=["a"]` — and stay strings otherwise; `a.b=1` nests).
 * @module
 */
import { readFileSync } from 'node:fs';
import { FlowError } from '@flowops/core';

export function parseInputArgs(file: string | undefined, pairs: string[]): Record<string, unknown> {
  let input: Record<string, unknown> = {};
  if (file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new FlowError({
        code: 'FLOW_INVALID_INPUT',
        message: `--input ${file} is not readable JSON (${err instanceof Error ? err.message : String(err)})`,
        hint: 'pass a JSON object file, e.g. {"service": "api"}',
      });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new FlowError({ code: 'FLOW_INVALID_INPUT', message: `--input ${file} must hold a JSON object`, hint: 'wrap the values in {…}' });
    }
    input = parsed as Record<string, unknown>;
  }
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new FlowError({ code: 'FLOW_USAGE', message: `"${pair}" is not key=value`, hint: 'write input values as key=value, e.g. service=api' });
    }
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a plain string
    }
    const path = key.split('.');
    let cur = input;
    for (const seg of path.slice(0, -1)) {
      const next = cur[seg];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) cur[seg] = {};
      cur = cur[seg] as Record<string, unknown>;
    }
    cur[path[path.length - 1]!] = value;
  }
  return input;
}
