import type { Diagnostic } from '@flowops/compiler';
import { describe, expect, it } from 'vitest';
import { mergePolicyReply } from './merge';

const d = (code: string, message: string, extra: Partial<Diagnostic> = {}): Diagnostic =>
  ({
    code,
    severity: 'error',
    message,
    hint: null,
    file: 'workflows/deploy/workflow.yaml',
    line: 1,
    column: 1,
    workflow: 'deploy',
    step: null,
    ...extra,
  }) as Diagnostic;
const meta = { file: 'flowops.policy.ts', from: 'main', changed: false, headSha: 'c'.repeat(40) };

describe('mergePolicyReply', () => {
  it('adds up rules run across environments, keeps one copy of a violation, and drops a set’s no-rules-ran when it ran elsewhere', () => {
    const violation = d('FLOW_POLICY_VIOLATION', 'policy safety / no-greet: step "greet" is not allowed', { step: 'greet' });
    const verdict = mergePolicyReply(
      {
        ok: true,
        sets: [
          { name: 'safety', owners: ['@acme/platform'] },
          { name: 'idle', owners: ['@alice'] },
        ],
        reports: [
          {
            sets: [
              { name: 'safety', owners: ['@acme/platform'], rulesRun: 0, violations: [] },
              { name: 'idle', owners: ['@alice'], rulesRun: 0, violations: [] },
            ],
            diagnostics: [
              d('FLOW_POLICY_NO_RULES_RAN', 'policy safety: no rule ran … in staging'),
              d('FLOW_POLICY_NO_RULES_RAN', 'policy idle: no rule ran … in staging'),
            ],
          },
          {
            sets: [
              { name: 'safety', owners: ['@acme/platform'], rulesRun: 1, violations: [violation, violation] },
              { name: 'idle', owners: ['@alice'], rulesRun: 0, violations: [] },
            ],
            diagnostics: [violation, d('FLOW_POLICY_NO_RULES_RAN', 'policy idle: no rule ran … in production')],
          },
        ],
      },
      meta,
    );
    expect(verdict.sets.map((s) => [s.name, s.rulesRun, s.violations.length])).toEqual([
      ['safety', 1, 1],
      ['idle', 0, 0],
    ]);
    expect(verdict.diagnostics.map((x) => [x.code, x.message])).toEqual([
      ['FLOW_POLICY_NO_RULES_RAN', 'policy idle: no rule ran … in staging'],
      ['FLOW_POLICY_VIOLATION', 'policy safety / no-greet: step "greet" is not allowed'],
    ]);
    expect(verdict.waivers).toEqual([]);
  });

  it('a waived set lists its waiver on the head; a policy file that does not load is one error at the file', () => {
    const waived = mergePolicyReply(
      {
        ok: true,
        sets: [{ name: 'safety', owners: ['@acme/platform'] }],
        reports: [
          {
            sets: [
              {
                name: 'safety',
                owners: ['@acme/platform'],
                rulesRun: 1,
                violations: [d('FLOW_POLICY_VIOLATION', 'waived by @ada: x', { severity: 'warning' })],
                waivedBy: '@ada',
              },
            ],
            diagnostics: [d('FLOW_POLICY_VIOLATION', 'waived by @ada: x', { severity: 'warning' })],
          },
        ],
      },
      meta,
    );
    expect(waived.waivers).toEqual([{ set: 'safety', approvedBy: '@ada', sha: meta.headSha }]);
    expect(waived.diagnostics[0]).toMatchObject({ severity: 'warning', message: 'waived by @ada: x' });
    const broken = mergePolicyReply(
      { ok: false, code: 'FLOW_POLICY_INVALID', message: 'flowops.policy.ts has no default export', hint: 'export default …' },
      meta,
    );
    expect(broken.diagnostics).toEqual([
      {
        code: 'FLOW_POLICY_INVALID',
        severity: 'error',
        message: 'flowops.policy.ts has no default export',
        hint: 'export default …',
        file: 'flowops.policy.ts',
      },
    ]);
  });
});
