import { Workflow, type WorkflowInput } from '@flowops/core';
import { definePolicy, type PolicySet, policyRules } from '@flowops/sdk';
import { describe, expect, test } from 'vitest';
import { evaluatePolicies, type PolicyInput } from './evaluate';

function ir(name: string, steps: WorkflowInput['steps']): Workflow {
  return Workflow.parse({ apiVersion: 'flowops/v1', kind: 'Workflow', name, version: '1.0.0', owner: '@acme/sre', input: {}, steps });
}
const deploy = ir('deploy', [{ id: 'push', type: 'action', uses: 'log.write@1', with: {}, effect: 'write' }]);
const input = (over: Partial<PolicyInput> = {}): PolicyInput => ({
  workflows: [{ ir: deploy, file: 'workflows/deploy/workflow.ts' }],
  environment: 'production',
  production: true,
  codeowners: ['@acme/sre'],
  ...over,
});
const safety = definePolicy({ name: 'production-safety', owners: ['@acme/platform', '@alice'], rules: [policyRules.writesNeedApprovalOrCompensation()] });

describe('evaluatePolicies', () => {
  test('a violation is FLOW_POLICY_VIOLATION naming set, rule, step, owners and the waiver command', () => {
    const report = evaluatePolicies([safety], input());
    expect(report.diagnostics).toEqual([
      expect.objectContaining({
        code: 'FLOW_POLICY_VIOLATION',
        severity: 'error',
        file: 'workflows/deploy/workflow.ts',
        workflow: 'deploy',
        step: 'push',
        message: 'policy production-safety / writes-need-approval-or-compensation: step "push" writes in production without an approval or a compensation',
      }),
    ]);
    expect(report.diagnostics[0]!.hint).toContain(
      'or ask an owner of production-safety (@acme/platform, @alice) to comment `/flowops approve-policy production-safety`',
    );
    expect(report.sets).toEqual([expect.objectContaining({ name: 'production-safety', owners: ['@acme/platform', '@alice'], rulesRun: 1 })]);
  });

  test('a set where no rule ran fails: no rules, or no rule applies', () => {
    const empty = definePolicy({ name: 'empty', owners: ['@alice'], rules: [] });
    expect(evaluatePolicies([empty], input()).diagnostics).toEqual([
      expect.objectContaining({
        code: 'FLOW_POLICY_NO_RULES_RAN',
        severity: 'error',
        file: 'flowops.policy.ts',
        message: expect.stringContaining('it has no rules'),
      }),
    ]);
    const staging = evaluatePolicies([safety], input({ environment: 'staging', production: false }));
    expect(staging.diagnostics.map((d) => d.code)).toEqual(['FLOW_POLICY_NO_RULES_RAN']);
    expect(staging.sets[0]!.rulesRun).toBe(0);
    // nothing to check: no workflows, no diagnostic
    expect(evaluatePolicies([empty], input({ workflows: [] })).diagnostics).toEqual([]);
  });

  test('a rule that throws (check or appliesTo) or returns garbage is FLOW_POLICY_INVALID naming set and rule, without a stack', () => {
    const bad: PolicySet = {
      name: 'custom',
      owners: ['@alice'],
      rules: [
        {
          name: 'boom',
          check: () => {
            throw new Error('kaboom\n    at foo (x.ts:1:1)');
          },
        },
        {
          name: 'boom-applies',
          appliesTo: () => {
            throw new TypeError('nope');
          },
          check: () => [],
        },
        { name: 'garbage', check: () => 'no' as never },
        { name: 'fine', check: () => [] },
      ],
    };
    const report = evaluatePolicies([bad], input());
    expect(report.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['FLOW_POLICY_INVALID', 'policy custom / boom threw while checking deploy: kaboom'],
      ['FLOW_POLICY_INVALID', 'policy custom / boom-applies threw in appliesTo while checking deploy: nope'],
      ['FLOW_POLICY_INVALID', expect.stringContaining('policy custom / garbage returned something else than findings')],
    ]);
  });

  test('a waived set: its violations are warnings prefixed "waived by @x:"; other sets are not waived', () => {
    const other = definePolicy({ name: 'other', owners: ['@bob'], rules: [policyRules.noContinueOnWrites(), policyRules.ownersInCodeowners()] });
    const report = evaluatePolicies([safety, other], input({ codeowners: [], waivers: [{ set: 'production-safety', approvedBy: '@alice', sha: 'abc' }] }));
    expect(report.diagnostics.map((d) => [d.severity, d.message.slice(0, 44)])).toEqual([
      ['warning', 'waived by @alice: policy production-safety /'],
      ['error', 'policy other / owners-in-codeowners: owner "'],
    ]);
    expect(report.sets[0]!.waivedBy).toBe('@alice');
  });

  test('the context: changedSteps per workflow, effectOf, codeowners', () => {
    const seen: unknown[] = [];
    const spy = definePolicy({
      name: 'spy',
      owners: ['@alice'],
      rules: [{ name: 'spy', check: (ctx) => (seen.push([ctx.changedSteps, ctx.effectOf('push'), ctx.effectOf('nope'), ctx.codeowners]), []) }],
    });
    evaluatePolicies([spy], input({ changedSteps: { deploy: ['push'] } }));
    evaluatePolicies([spy], input());
    expect(seen).toEqual([
      [['push'], 'write', undefined, ['@acme/sre']],
      ['all', 'write', undefined, ['@acme/sre']],
    ]);
  });
});
