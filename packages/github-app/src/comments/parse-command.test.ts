import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_COMMANDS, parseCommands, tokenize } from './parse-command';

describe('parseCommands', () => {
  it('parses run with env, quoted values and key=value pairs', () => {
    expect(parseCommands('please\n/flowops run deploy-service --env staging service="api gateway" count=3 msg=\'a "b"\'')).toEqual([
      { kind: 'run', workflow: 'deploy-service', env: 'staging', args: { service: 'api gateway', count: '3', msg: 'a "b"' }, line: expect.any(String) },
    ]);
  });

  it('parses dry-run, plan, help and --env=', () => {
    const cmds = parseCommands('/flowops dry-run nightly-report --env=production day=mon\n/flowops plan --env staging\n/flowops help\n/flowops');
    expect(cmds.map((c) => c.kind)).toEqual(['dry-run', 'plan', 'help', 'help']);
    expect(cmds[0]).toMatchObject({ env: 'production', args: { day: 'mon' } });
    expect(cmds[1]).toMatchObject({ env: 'staging' });
  });

  it('ignores commands in fenced and indented code, quotes, and mid-line mentions', () => {
    const body = [
      '```',
      '/flowops run a',
      '```',
      '~~~sh',
      '/flowops run b',
      '~~~',
      '    /flowops run c',
      '> /flowops run d',
      'say `/flowops run e`',
      'x /flowops run f',
      '/flowopsrun g',
    ].join('\n');
    expect(parseCommands(body)).toEqual([]);
  });

  it('explains invalid commands instead of guessing', () => {
    const errs = [
      '/flowops run',
      '/flowops run Bad_Name',
      '/flowops run a --force',
      '/flowops run a nokey',
      '/flowops run a x=1 x=2',
      '/flowops deploy a',
      '/flowops run a "open',
    ].flatMap((l) => parseCommands(l).map((c) => (c.kind === 'invalid' ? c.error : c.kind)));
    expect(errs).toEqual([
      expect.stringMatching(/needs a workflow name/),
      expect.stringMatching(/not a workflow name/),
      expect.stringMatching(/unknown option "--force"/),
      expect.stringMatching(/not key=value/),
      expect.stringMatching(/given twice/),
      expect.stringMatching(/unknown command "deploy"/),
      expect.stringMatching(/unterminated " quote/),
    ]);
  });

  it('reports an unterminated quote', () => {
    expect(parseCommands('/flowops run a x="open')[0]).toMatchObject({ kind: 'invalid', error: expect.stringMatching(/unterminated/) });
  });

  it('parses approve-policy with one kebab-case set name and explains anything else', () => {
    expect(parseCommands('/flowops approve-policy production-safety')).toEqual([
      { kind: 'approve-policy', set: 'production-safety', line: '/flowops approve-policy production-safety' },
    ]);
    const errs = ['/flowops approve-policy', '/flowops approve-policy a b', '/flowops approve-policy Prod_Safety'].map((l) => parseCommands(l)[0]);
    expect(errs).toEqual([
      expect.objectContaining({ kind: 'invalid', error: expect.stringMatching(/approve-policy takes one policy set name/) }),
      expect.objectContaining({ kind: 'invalid', error: expect.stringMatching(/approve-policy takes one policy set name/) }),
      expect.objectContaining({ kind: 'invalid', error: expect.stringMatching(/"Prod_Safety" is not a policy set name/) }),
    ]);
  });

  it('takes at most MAX_COMMANDS commands', () => {
    expect(parseCommands(Array(20).fill('/flowops help').join('\n'))).toHaveLength(MAX_COMMANDS);
  });

  it('shell metacharacters stay inert text', () => {
    expect(parseCommands('/flowops run a cmd="$(rm -rf /)" x=`id`;ls')[0]).toMatchObject({ kind: 'run', args: { cmd: '$(rm -rf /)', x: '`id`;ls' } });
  });

  it('never throws, and every command comes from a line starting with /flowops outside code', () => {
    const piece = fc.oneof(fc.string(), fc.constantFrom('/flowops ', '```', '~~~', '"', "'", '\n', 'run ', 'dry-run ', '--env ', 'k=v ', '\\'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const body = parts.join('');
        const cmds = parseCommands(body);
        expect(cmds.length).toBeLessThanOrEqual(MAX_COMMANDS);
        for (const c of cmds) expect(c.line.startsWith('/flowops')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('tokenize round-trips quoted words', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ minLength: 1 }).filter((s) => !s.includes("'")),
          { maxLength: 8 },
        ),
        (words) => {
          const r = tokenize(words.map((w) => `'${w}'`).join(' '));
          expect(r).toEqual({ ok: true, tokens: words });
        },
      ),
    );
  });
});
