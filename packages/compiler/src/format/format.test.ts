import { describe, expect, test } from 'vitest';
import { type Diagnostic, diagnostic } from '../diagnostic';
import { codeFrame, escapeData, escapeProperty, formatGithub, formatJson, formatPretty, toSarif } from './index';

const d = (over: Partial<Diagnostic> = {}): Diagnostic => ({
  ...diagnostic({
    code: 'FLOW_INVALID_REFERENCE',
    message: 'bad ref',
    hint: 'fix it',
    file: 'workflows/a/workflow.yaml',
    pos: { line: 3, column: 5 },
    workflow: 'a',
    step: 's',
  }),
  ...over,
});

describe('github format', () => {
  test('escapes data (%, CR, LF) and properties (also : and ,)', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
  });

  test('one workflow command per diagnostic with file, line, col and title', () => {
    const out = formatGithub([d({ message: 'x: 100%, y', file: 'w/a,b:c.yaml' }), d({ code: 'FLOW_NO_RETRY', severity: 'warning', hint: null })]);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('::error file=w/a%2Cb%3Ac.yaml,line=3,col=5,title=FLOW_INVALID_REFERENCE::x: 100%25, y%0ATo fix: fix it');
    expect(lines[1]).toBe('::warning file=workflows/a/workflow.yaml,line=3,col=5,title=FLOW_NO_RETRY::bad ref');
  });
});

describe('json format', () => {
  test('has exactly the documented keys', () => {
    const ir = { apiVersion: 'flowops/v1', kind: 'Workflow', name: 'a', version: '1.0.0', owner: 'o', input: {}, triggers: [], steps: [] } as never;
    const parsed = JSON.parse(formatJson([{ name: 'a', version: '1.0.0', hash: 'sha256:x', file: 'f', steps: 2, ir }], [d()])) as Record<string, unknown[]>;
    expect(Object.keys(parsed)).toEqual(['workflows', 'diagnostics']);
    expect(parsed.workflows).toEqual([{ name: 'a', version: '1.0.0', hash: 'sha256:x', file: 'f', steps: 2 }]);
    expect(Object.keys(parsed.diagnostics![0] as object)).toEqual(['code', 'severity', 'message', 'hint', 'file', 'line', 'column', 'workflow', 'step']);
  });
});

describe('sarif format', () => {
  test('is SARIF 2.1.0 with one rule per code and results pointing at them', () => {
    const sarif = toSarif([d(), d({ code: 'FLOW_NO_TIMEOUT', severity: 'warning' })]) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[];
        }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0]!;
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('FLOW_HARDCODED_SECRET');
    expect(run.results).toHaveLength(2);
    for (const r of run.results) expect(ids[r.ruleIndex]).toBe(r.ruleId);
    expect(run.results[1]!.level).toBe('warning');
    expect(run.results[0]!.locations[0]!.physicalLocation.region).toEqual({ startLine: 3, startColumn: 5 });
  });
});

describe('pretty format', () => {
  test('code frame marks the line and column', () => {
    const frame = codeFrame('one\ntwo\nthree\nfour', 3, 2, 1);
    expect(frame).toBe(['  2 | two', '> 3 | three', '    |  ^', '  4 | four'].join('\n'));
  });

  test('prints "To fix" and a summary line, without colours when not asked', () => {
    const out = formatPretty([], [d()], { root: '/nonexistent' });
    expect(out).toContain('To fix: fix it');
    expect(out).toContain('workflows/a/workflow.yaml:3:5');
    expect(out.trimEnd().split('\n').at(-1)).toBe('✖ 0 workflows checked: 1 error, 0 warnings');
    expect(out).not.toContain('\u001b[');
  });
});
