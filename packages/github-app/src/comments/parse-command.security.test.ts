/** The pollution comment of issue 9 (finding 3) is refused as it is parsed: no input name reaches a prototype. */
import { describe, expect, it } from 'vitest';
import { parseCommands } from './parse-command';

const POLLUTION_COMMENT = (marker: string) =>
  [
    `/flowops run hello who=x __proto__.GIT_CONFIG_COUNT=1 __proto__.GIT_CONFIG_KEY_0=core.fsmonitor "__proto__.GIT_CONFIG_VALUE_0=touch ${marker}; false"`,
    '/flowops dry-run hello who=x __proto__.NODE_OPTIONS=--require=/tmp/evil.js',
    '/flowops run hello who=x constructor.prototype.GIT_CONFIG_COUNT=1',
    '/flowops run hello who=x nested.prototype=1',
  ].join('\n');

describe('comment input names', () => {
  it('__proto__, prototype and constructor segments make the command invalid with a coded reason', () => {
    const cmds = parseCommands(POLLUTION_COMMENT('/tmp/flowops-marker'));
    expect(cmds).toHaveLength(4);
    for (const c of cmds) {
      expect(c.kind).toBe('invalid');
      if (c.kind === 'invalid')
        expect(c.error).toMatch(/uses "(__proto__|prototype|constructor)", which is never an input name — To fix: .*\[FLOW_INVALID_INPUT\]/);
    }
    expect(({} as Record<string, unknown>).GIT_CONFIG_COUNT).toBeUndefined();
  });

  it('ordinary dotted names still parse', () => {
    expect(parseCommands('/flowops run hello service.name=api proto_type=1 constructors=2')[0]).toMatchObject({
      kind: 'run',
      args: { 'service.name': 'api', proto_type: '1', constructors: '2' },
    });
  });
});
