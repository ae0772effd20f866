/** The `flowops` binary end to end: exit codes, stdout/stderr shapes, no stack traces. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

const bin = path.resolve(import.meta.dirname, '../bin/flowops.js');
const fixtures = path.resolve(import.meta.dirname, '../../compiler/test/fixtures');

function flowops(args: string[], cwd = path.join(fixtures, 'clean-yaml')) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FLOWOPS_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('flowops CLI', { timeout: 60_000 }, () => {
  test('no command: usage on stderr, exit 2; --help: exit 0', () => {
    const none = flowops([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: flowops <command>');
    expect(none.stderr).toContain('check');
    const help = flowops(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('compile');
  });

  test('unknown command and bad options are usage errors (exit 2)', () => {
    const unknown = flowops(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const badFormat = flowops(['check', '--format', 'xml']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('[FLOW_USAGE]');
    expect(badFormat.stderr).toContain('Usage: flowops check');
    const badFlag = flowops(['check', '--nope']);
    expect(badFlag.code).toBe(2);
    noStack(badFlag.stderr);
  });

  test('check: exit 0 on a clean repository', () => {
    const r = flowops(['check']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 workflow checked: no problems');
  });

  test('check --format json: exit 1 with errors, output is the documented JSON', () => {
    const r = flowops(['check', '--format', 'json'], path.join(fixtures, 'cycle'));
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { workflows: unknown[]; diagnostics: { code: string; file: string; line: number }[] };
    expect(report.diagnostics.map((d) => d.code)).toEqual(['FLOW_CYCLE']);
    expect(report.diagnostics[0]).toMatchObject({ file: 'workflows/loop/workflow.yaml', line: 10 });
  });

  test('check --format github prints annotations; warnings alone exit 0', () => {
    const r = flowops(['check', '--format', 'github'], path.join(fixtures, 'no-timeout'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^::warning file=workflows\/slow\/workflow\.yaml,line=5,col=5,title=FLOW_NO_TIMEOUT::/);
  });

  test('a FlowError is "message — To fix … [CODE]" without a stack', () => {
    const r = flowops(['check', '--base', 'no-such-ref']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--base no-such-ref is not a commit.* — To fix: .*\[FLOW_USAGE\]/);
    noStack(r.stderr);
  });

  test('compile --out writes one IR per workflow and index.json; missing --out is a usage error', () => {
    expect(flowops(['compile']).code).toBe(2);
    const out = mkdtempSync(path.join(tmpdir(), 'flowops-compile-'));
    try {
      const r = flowops(['compile', '--out', out]);
      expect(r.code).toBe(0);
      const index = JSON.parse(readFileSync(path.join(out, 'index.json'), 'utf8')) as { name: string; version: string; hash: string }[];
      expect(index).toEqual([{ name: 'hello', version: '1.0.0', hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) as unknown as string }]);
      const ir = JSON.parse(readFileSync(path.join(out, 'hello.json'), 'utf8')) as { apiVersion: string; steps: { effect: string }[] };
      expect(ir.apiVersion).toBe('flowops/v1');
      expect(ir.steps[0]!.effect).toBe('read');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('compile writes nothing when a workflow has errors', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'flowops-compile-')), 'ir');
    const r = flowops(['compile', '--out', out], path.join(fixtures, 'cycle'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('FLOW_CYCLE');
    expect(existsSync(out)).toBe(false);
  });

  test('graph prints Mermaid or JSON', () => {
    const mermaid = flowops(['graph', 'hello']);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toMatch(/^flowchart/);
    const json = flowops(['graph', 'hello', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual({
      nodes: [
        { id: 'fetch', type: 'action', uses: 'http.get@1' },
        { id: 'announce', type: 'action', uses: 'log.write@1' },
      ],
      edges: [{ from: 'fetch', to: 'announce' }],
    });
    expect(flowops(['graph', 'nope']).code).toBe(1);
  });

  test('a misspelt key in flowops.config.ts: FLOW_CONFIG_INVALID with "did you mean"', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flowops-config-'));
    try {
      mkdirSync(path.join(dir, 'workflows'));
      writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
      writeFileSync(path.join(dir, 'flowops.config.ts'), "export default { environments: { local: { namepsace: 'dev' } } };\n");
      const r = flowops(['check', '--skip-typecheck'], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('environments.local.namepsace: unknown key "namepsace". Did you mean "namespace"?');
      expect(r.stderr).toContain('[FLOW_CONFIG_INVALID]');
      noStack(r.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
