import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const okFile = join(pkg, 'src/type-tests.ts');
const errorFile = join(pkg, 'type-fixtures/type-errors.ts');

let program: ts.Program;

function diagnostics(file: string): { line: number; code: string; text: string }[] {
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`not in program: ${file}`);
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => ({
    line: d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line + 1,
    code: `TS${d.code}`,
    text: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  }));
}

beforeAll(() => {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(pkg, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('cannot read tsconfig.json');
  program = ts.createProgram([okFile, errorFile], config.options);
}, 120_000);

describe('SDK types', () => {
  it('type-tests.ts compiles: every @ts-expect-error still errors, nothing else does', () => {
    expect(diagnostics(okFile)).toEqual([]);
    const text = ts.sys.readFile(okFile) ?? '';
    expect(text.match(/@ts-expect-error/g)?.length).toBeGreaterThanOrEqual(12);
  }, 120_000);

  it('type-errors.ts has exactly the expected errors', () => {
    const lines = (ts.sys.readFile(errorFile) ?? '').split('\n');
    const expected = lines.flatMap((l, i) => {
      const m = /\/\/ expect: (TS\d+)/.exec(l);
      return m ? [{ line: i + 1, code: m[1] }] : [];
    });
    expect(expected.length).toBe(8);
    const actual = diagnostics(errorFile).map(({ line, code }) => ({ line, code }));
    expect(actual).toEqual(expected);
  }, 120_000);

  it('names the offending field in the error', () => {
    const texts = diagnostics(errorFile).map((d) => d.text);
    expect(texts.some((t) => t.includes("Property 'nope' does not exist"))).toBe(true);
    expect(texts.some((t) => t.includes("Type 'number' is not assignable to type"))).toBe(true);
  });
});
