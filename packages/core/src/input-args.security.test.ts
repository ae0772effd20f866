/** Input names and values never reach a prototype (issue 9, finding 3: `__proto__.GIT_CONFIG_…=` in a comment). */
import { describe, expect, it } from 'vitest';
import { formatIssue } from './codes';
import { inputFromArgs, inputPath } from './input-args';

const schema = {
  type: 'object',
  properties: { service: { type: 'object', properties: { name: { type: 'string' } } }, tags: { type: 'array' }, opts: { type: 'object' } },
};
const POLLUTION = [
  ['__proto__.GIT_CONFIG_COUNT', '1'],
  ['__proto__.GIT_CONFIG_KEY_0', 'core.fsmonitor'],
  ['__proto__.GIT_CONFIG_VALUE_0', 'touch /tmp/pwned'],
  ['__proto__.NODE_OPTIONS', '--require /tmp/x.js'],
  ['constructor.prototype.polluted', 'yes'],
  ['service.__proto__.polluted', 'yes'],
  ['service.prototype', 'x'],
  ['__proto__', '{"polluted":"yes"}'],
] as const;

function clean(): void {
  const o: Record<string, unknown> = {};
  for (const k of ['GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0', 'NODE_OPTIONS', 'polluted']) expect(o[k], k).toBeUndefined();
}

describe('input from key=value never touches a prototype', () => {
  it('every __proto__ / prototype / constructor segment is refused with a coded "To fix", and nothing is polluted', () => {
    const r = inputFromArgs(schema, POLLUTION);
    clean();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(POLLUTION.length);
    for (const issue of r.issues)
      expect(formatIssue(issue)).toMatch(/uses "(__proto__|prototype|constructor)", which is never an input name — To fix: .* \[FLOW_INVALID_INPUT\]$/);
    for (const [key] of POLLUTION) expect(inputPath(key).ok, key).toBe(false);
  });

  it('__proto__ inside a JSON value or a base file is refused too', () => {
    const viaValue = inputFromArgs(schema, [
      ['opts', '{"__proto__":{"polluted":"yes"}}'],
      ['tags', '[{"constructor":{"prototype":{"polluted":1}}}]'],
    ]);
    expect(viaValue).toMatchObject({ ok: false, issues: [{ code: 'FLOW_INVALID_INPUT' }, { code: 'FLOW_INVALID_INPUT' }] });
    const viaBase = inputFromArgs(schema, [['service.name', 'api']], JSON.parse('{"__proto__":{"polluted":"yes"},"service":{}}'));
    expect(viaBase).toMatchObject({ ok: false, issues: [{ code: 'FLOW_INVALID_INPUT', path: 'file.__proto__' }] });
    clean();
  });
});
