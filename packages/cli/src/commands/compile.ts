/**
 * `flowops compile --out <dir>`: check every workflow and, when there are no errors, write one
 * `<name>.json` IR per workflow plus `index.json` ([{ name, version, hash }]).
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkWorkflows, formatReport, hasErrors } from '@flowops/compiler';
import { parse, usageError } from '../args';
import { findRepoRoot } from '../config';

export const name = 'compile';
export const summary = 'Compile workflows to flowops/v1 IR JSON files';
export const usage = `flowops compile --out <dir> [--skip-typecheck] [paths…]

  Writes <dir>/<name>.json (the IR) for each workflow and <dir>/index.json
  ([{ name, version, hash }]). Nothing is written when a workflow has errors.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { out: { type: 'string' }, 'skip-typecheck': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, usage);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (!values.out) throw usageError('--out <dir> is required', usage);
  const root = findRepoRoot();
  const result = await checkWorkflows({ root, paths: positionals, typecheck: !values['skip-typecheck'] });
  const color = process.stderr.isTTY === true && !process.env.NO_COLOR;
  if (hasErrors(result.diagnostics)) {
    process.stderr.write(formatReport('pretty', result.workflows, result.diagnostics, { root, color }));
    return 1;
  }
  if (result.diagnostics.length > 0) process.stderr.write(formatReport('pretty', result.workflows, result.diagnostics, { root, color }));
  const out = path.resolve(values.out);
  mkdirSync(out, { recursive: true });
  for (const w of result.workflows) writeFileSync(path.join(out, `${w.name}.json`), `${JSON.stringify(w.ir, null, 2)}\n`);
  const index = result.workflows.map((w) => ({ name: w.name, version: w.version, hash: w.hash }));
  writeFileSync(path.join(out, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  process.stdout.write(
    `compiled ${result.workflows.length} workflow${result.workflows.length === 1 ? '' : 's'} to ${path.relative(process.cwd(), out) || '.'}\n`,
  );
  return 0;
}
