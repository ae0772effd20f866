/**
 * Prints the diagnostics of every fixture (or of the named ones); `--write` stores them as the
 * fixtures' expected.json. Review the output before writing: expected.json is the contract.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkWorkflows } from '../src/index';

const dir = path.join(import.meta.dirname, 'fixtures');
const write = process.argv.includes('--write');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
for (const name of readdirSync(dir).sort()) {
  if (only.length && !only.includes(name)) continue;
  const root = path.join(dir, name);
  const optionsFile = path.join(root, 'options.json');
  const options = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as Record<string, unknown>) : {};
  const result = await checkWorkflows({ root, cache: false, ...options });
  const expected = result.diagnostics.map(({ code, severity, file, line, column, step, message }) => ({ code, severity, file, line, column, step, message }));
  console.log(`== ${name}`);
  for (const d of expected) console.log(`  ${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} [${d.step ?? ''}] ${d.message}`);
  if (write)
    writeFileSync(
      path.join(root, 'expected.json'),
      `${JSON.stringify(
        expected.map(({ message: _m, ...rest }) => rest),
        null,
        2,
      )}\n`,
    );
}
