import { Workflow } from '@flowops/core';
import { definePolicy, policyRules } from '@flowops/sdk';
import { expect, test } from 'vitest';
import { evaluatePolicies, type PolicyInput } from './evaluate';
import { mergePolicyReports } from './merge';

const ir = Workflow.parse({
  apiVersion: 'flowops/v1',
  kind: 'Workflow',
  name: 'ship',
  version: '1.0.0',
  owner: '@acme/sre',
  input: {},
  steps: [{ id: 'call', type: 'action', uses: 'http.request@1', with: { url: 'https://evil.example.com' }, effect: 'write' }],
});
const input = (environment: string, production: boolean): PolicyInput => ({ workflows: [{ ir, file: 'w.yaml' }], environment, production, codeowners: [] });
const sets = [
  definePolicy({ name: 'prod-only', owners: ['@a'], rules: [policyRules.writesNeedApprovalOrCompensation()] }),
  definePolicy({ name: 'hosts', owners: ['@a'], rules: [policyRules.httpAllowedHosts(['api.acme.com'])] }),
  definePolicy({ name: 'empty', owners: ['@a'], rules: [] }),
];

test('one finding once across environments; "no rule ran" only for a set that ran nowhere', () => {
  const reports = [
    evaluatePolicies(sets, input('local', false)),
    evaluatePolicies(sets, input('staging', false)),
    evaluatePolicies(sets, input('production', true)),
  ];
  expect(mergePolicyReports(reports).map((d) => `${d.code} ${d.message.split(':')[0]}`)).toEqual([
    'FLOW_POLICY_VIOLATION policy hosts / http-allowed-hosts',
    'FLOW_POLICY_NO_RULES_RAN policy empty',
    'FLOW_POLICY_VIOLATION policy prod-only / writes-need-approval-or-compensation',
  ]);
  expect(mergePolicyReports(reports.slice(0, 2)).map((d) => d.code)).toEqual(['FLOW_POLICY_NO_RULES_RAN', 'FLOW_POLICY_VIOLATION', 'FLOW_POLICY_NO_RULES_RAN']);
});
