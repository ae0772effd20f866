import { describe, expect, test } from 'vitest';
import { runMain } from '../../test/run-main';
import { formatOf } from '../args';
import { COMMANDS, type CommandModule } from './index';

/** Commands that print no data of their own (servers, scaffolding, file output, git commits). */
const NO_DATA = ['new', 'compile', 'codec-server', 'app', 'worker', 'dev', 'rollback', 'gateway'];

const modules = await Promise.all(Object.entries(COMMANDS).map(async ([verb, load]) => [verb, (await load()) as CommandModule] as const));
const dataCommands = modules.filter(([, m]) => m.formats !== undefined);

describe('--format json and --json on every command that prints data', () => {
  test('every command either declares its formats or is a known no-data command', () => {
    const undeclared = modules.filter(([, m]) => m.formats === undefined).map(([verb]) => verb);
    expect(undeclared.sort()).toEqual([...NO_DATA].sort());
  });

  test.each(dataCommands)('%s: usage names both spellings and json is a format', (_verb, m) => {
    expect(m.formats).toContain('json');
    expect(m.usage).toMatch(/--format [a-z|]*json/);
    expect(m.usage).toContain('[--json]');
  });

  test.each(dataCommands)('%s: parses --json and --format (a contradiction is a usage error, not an unknown flag)', async (verb) => {
    const both = await runMain([verb, '--json', '--format', 'yaml']);
    expect(both.code).toBe(2);
    expect(both.err).toContain('--json means --format json');
    expect(both.err).not.toMatch(/Unknown option/);
    const unknown = await runMain([verb, '--format', 'yaml']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown --format "yaml"');
  });
});

describe('formatOf', () => {
  const usage = 'flowops x [--format pretty|json] [--json]';
  test('default, --format, --json and both agreeing', () => {
    expect(formatOf({}, ['pretty', 'json'], usage)).toBe('pretty');
    expect(formatOf({ format: 'json' }, ['pretty', 'json'], usage)).toBe('json');
    expect(formatOf({ json: true }, ['pretty', 'json'], usage)).toBe('json');
    expect(formatOf({ json: true, format: 'json' }, ['pretty', 'json'], usage)).toBe('json');
  });
  test('unknown or contradicting formats are FLOW_USAGE', () => {
    expect(() => formatOf({ format: 'yaml' }, ['pretty', 'json'], usage)).toThrow(/unknown --format "yaml" \(expected pretty, json\)/);
    expect(() => formatOf({ json: true, format: 'pretty' }, ['pretty', 'json'], usage)).toThrow(/--json means --format json/);
  });
});
