import { Workflow, type WorkflowInput } from '@flowops/core';
import { describe, expect, test } from 'vitest';
import type { PolicyContext } from './policy';
import { policyRules } from './policy-rules';

function ir(steps: WorkflowInput['steps'], extra: Partial<WorkflowInput> = {}): Workflow {
  return Workflow.parse({ apiVersion: 'flowops/v1', kind: 'Workflow', name: 'wf', version: '1.0.0', owner: '@acme/sre', input: {}, steps, ...extra });
}
function ctx(workflow: Workflow, over: Partial<PolicyContext> = {}): PolicyContext {
  return { workflow, environment: 'production', production: true, changedSteps: 'all', codeowners: ['@acme/sre'], effectOf: () => undefined, ...over };
}
const write = (id: string, more: Record<string, unknown> = {}) => ({
  id,
  type: 'action' as const,
  uses: 'log.write@1',
  with: {},
  effect: 'write' as const,
  ...more,
});
const http = (id: string, url: string, more: Record<string, unknown> = {}) => ({
  id,
  type: 'action' as const,
  uses: 'http.request@1',
  with: { url },
  effect: 'read' as const,
  ...more,
});

describe('writesNeedApprovalOrCompensation', () => {
  const rule = policyRules.writesNeedApprovalOrCompensation();
  test('a write without approval or compensation is a finding naming the step', () => {
    expect(rule.check(ctx(ir([write('deploy')])))).toEqual([
      expect.objectContaining({ step: 'deploy', message: expect.stringContaining('writes in production') }),
    ]);
  });
  test('an approval it waits for, a checkpointAfter before it, or a compensate passes', () => {
    const approval = { id: 'ok', type: 'approval' as const, message: 'go?', timeout: '1h' };
    expect(rule.check(ctx(ir([approval, write('deploy')])))).toEqual([]);
    expect(rule.check(ctx(ir([{ id: 'g', type: 'parallel', steps: [approval] }, write('deploy')])))).toEqual([]);
    expect(rule.check(ctx(ir([{ ...write('prep'), checkpointAfter: true }, write('deploy')])))).toEqual([expect.objectContaining({ step: 'prep' })]);
    expect(rule.check(ctx(ir([write('deploy', { compensate: { uses: 'log.write@1', with: {}, effect: 'write' } })])))).toEqual([]);
  });
  test('an approval that runs in parallel (not before) does not count; reads are fine', () => {
    const approval = { id: 'ok', type: 'approval' as const, message: 'go?', timeout: '1h', dependsOn: [] };
    expect(rule.check(ctx(ir([approval, write('deploy', { dependsOn: [] })])))).toHaveLength(1);
    expect(rule.check(ctx(ir([{ ...write('r'), effect: 'read' }])))).toEqual([]);
  });
  test('applies to protected environments by default, or to the listed ones', () => {
    const w = ir([write('deploy')]);
    expect(rule.appliesTo?.(ctx(w, { environment: 'staging', production: false }))).toBe(false);
    expect(rule.appliesTo?.(ctx(w))).toBe(true);
    const listed = policyRules.writesNeedApprovalOrCompensation({ environments: ['staging'] });
    expect(listed.appliesTo?.(ctx(w, { environment: 'staging', production: false }))).toBe(true);
    expect(listed.appliesTo?.(ctx(w))).toBe(false);
  });
});

describe('httpAllowedHosts', () => {
  const rule = policyRules.httpAllowedHosts(['api.acme.com', '*.internal.acme.com']);
  const check = (url: string) => rule.check(ctx(ir([http('call', url)])));
  test('literal hosts: allowed, wildcard subdomains, others are findings', () => {
    expect(check('https://api.acme.com/v1/users')).toEqual([]);
    expect(check('https://API.acme.com:8443/x')).toEqual([]);
    expect(check('https://db.eu.internal.acme.com/x?q={{ input.q }}')).toEqual([]);
    expect(check('https://internal.acme.com/x')).toEqual([
      expect.objectContaining({ step: 'call', message: expect.stringContaining('internal.acme.com, which is not an allowed host') }),
    ]);
    expect(check('https://evil.example.com/{{ input.path }}')).toEqual([expect.objectContaining({ message: expect.stringContaining('evil.example.com') })]);
  });
  test('a templated host is left to the run-time check by default, or reported with templatedHosts: deny', () => {
    expect(check('{{ input.url }}')).toEqual([]);
    expect(check('https://{{ env.API_HOST }}/v1')).toEqual([]);
    const strict = policyRules.httpAllowedHosts(['api.acme.com'], { templatedHosts: 'deny' });
    expect(strict.check(ctx(ir([http('call', 'https://{{ env.API_HOST }}/v1')])))).toEqual([
      expect.objectContaining({ message: expect.stringContaining('host not known at compile time') }),
    ]);
  });
  test('compensations are checked; other plugins are not', () => {
    const comp = { compensate: { uses: 'http.request@1', with: { url: 'https://evil.example.com' }, effect: 'write' } };
    expect(rule.check(ctx(ir([http('call', 'https://api.acme.com', comp)])))).toEqual([
      expect.objectContaining({ message: expect.stringContaining('compensation of step "call"') }),
    ]);
    expect(rule.check(ctx(ir([{ ...write('x'), with: { url: 'https://evil.example.com' } }])))).toEqual([]);
  });
});

describe('ownersInCodeowners', () => {
  const rule = policyRules.ownersInCodeowners();
  test('an owner CODEOWNERS names passes (with or without @, any case); another is a finding', () => {
    expect(rule.check(ctx(ir([write('a')]), { codeowners: ['@Acme/SRE'] }))).toEqual([]);
    expect(rule.check(ctx(ir([write('a')], { owner: 'acme/sre' })))).toEqual([]);
    expect(rule.check(ctx(ir([write('a')], { owner: '@acme/ghosts' })))).toEqual([
      expect.objectContaining({ message: expect.stringContaining('not named in CODEOWNERS') }),
    ]);
    expect(rule.check(ctx(ir([write('a')]), { codeowners: [] }))).toEqual([
      expect.objectContaining({ message: expect.stringContaining('no CODEOWNERS file') }),
    ]);
  });
});

describe('noContinueOnWrites', () => {
  const rule = policyRules.noContinueOnWrites();
  test("onError: 'continue' on a write (its own, its group's, the defaults') is a finding; on a read it is not", () => {
    expect(rule.check(ctx(ir([write('w', { onError: 'continue' })])))).toEqual([expect.objectContaining({ step: 'w' })]);
    expect(rule.check(ctx(ir([{ id: 'g', type: 'parallel', onError: 'continue', steps: [write('w')] }])))).toEqual([
      expect.objectContaining({ message: expect.stringContaining('from its group "g"') }),
    ]);
    expect(rule.check(ctx(ir([write('w')], { defaults: { onError: 'continue' } })))).toHaveLength(1);
    expect(rule.check(ctx(ir([write('w', { onError: 'fail' })], { defaults: { onError: 'continue' } })))).toEqual([]);
    expect(rule.check(ctx(ir([{ ...write('r'), effect: 'read', onError: 'continue' }])))).toEqual([]);
  });
});
