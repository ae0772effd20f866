import { describe, expect, it } from 'vitest';
import { waiversFromCheckRunText } from '../policy/waivers';
import { ReportInput } from '../report/types';
import { renderCheckRun, renderReportComment } from './index';

const HEAD = 'd'.repeat(40);
const violation = {
  code: 'FLOW_POLICY_VIOLATION',
  severity: 'error' as const,
  message: 'policy production-safety / owners-in-codeowners: owner "@acme/sre" of deploy is not named in CODEOWNERS',
  hint: 'add it; or ask an owner of production-safety (@acme/platform, @alice) to comment `/flowops approve-policy production-safety`',
  file: 'workflows/deploy/workflow.yaml',
  workflow: 'deploy',
};
const report = (o: { waived: boolean; changed: boolean }) => {
  const v = o.waived ? { ...violation, severity: 'warning' as const, message: `waived by @ada: ${violation.message}` } : violation;
  return ReportInput.parse({
    repo: { owner: 'acme', repo: 'flows' },
    pr: 3,
    headSha: HEAD,
    diagnostics: [v],
    policy: {
      file: 'flowops.policy.ts',
      from: 'main',
      changed: o.changed,
      sets: [{ name: 'production-safety', owners: ['@acme/platform', '@alice'], rulesRun: 1, violations: [v], ...(o.waived ? { waivedBy: '@ada' } : {}) }],
      diagnostics: [v],
      waivers: o.waived ? [{ set: 'production-safety', approvedBy: '@ada', sha: HEAD }] : [],
    },
  });
};

describe('the policy section', () => {
  it('a violation fails the check with rule, set and owners; the text says who may approve', () => {
    const check = renderCheckRun(report({ waived: false, changed: false }));
    expect(check.conclusion).toBe('failure');
    expect(check.summary).toContain('policy production-safety / owners-in-codeowners');
    expect(check.summary).toContain('(@acme/platform, @alice)');
    expect(check.text).toContain(
      '| production-safety | @acme/platform, @alice | 1 | 1 | ❌ fix the violations or an owner comments `/flowops approve-policy production-safety` |',
    );
    expect(check.text).not.toContain('changes `flowops.policy.ts`');
    expect(waiversFromCheckRunText(check.text)).toEqual([]);
  });

  it('a waived set passes the check and the text lists the waiver with its commit; an edited policy file is called out', () => {
    const input = report({ waived: true, changed: true });
    const check = renderCheckRun(input);
    expect(check.conclusion).toBe('success');
    expect(check.text).toContain('✅ waived by @ada at ddddddd');
    // Machine-readable for tools that read the check run (e.g. a publish honouring the waiver).
    expect(waiversFromCheckRunText(check.text)).toEqual([{ set: 'production-safety', approvedBy: '@ada', sha: HEAD }]);
    expect(check.text).toContain('This pull request changes `flowops.policy.ts`. It was evaluated against the policy of `main`');
    const comment = renderReportComment(input);
    expect(comment).toContain('### Policy (`flowops.policy.ts` of `main`)');
    expect(comment).toContain('waived by @ada at ddddddd');
  });

  it('no policy file: no section, no text', () => {
    const input = ReportInput.parse({ repo: { owner: 'acme', repo: 'flows' }, pr: 3, headSha: HEAD });
    expect(renderCheckRun(input).text).toBeUndefined();
    expect(renderReportComment(input)).not.toContain('### Policy');
  });
});
