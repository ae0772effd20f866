import { describe, expect, it } from 'vitest';
import github, { plugin } from './index';

describe('github contract', () => {
  it('declares five actions; only getPullRequest is a read', () => {
    expect(github).toBe(plugin);
    const effects = Object.fromEntries(Object.entries(github.actions).map(([k, a]) => [k, a.effect]));
    expect(effects).toEqual({ createIssue: 'write', createComment: 'write', getPullRequest: 'read', addLabels: 'write', dispatchWorkflow: 'write' });
    expect(github.getPullRequest({ owner: 'acme', repo: 'api', pullNumber: 7, token: 't' }).uses).toBe('github.getPullRequest@1');
  });

  it('validates inputs', () => {
    const base = { owner: 'acme', repo: 'api', token: '{{ secret.GITHUB_TOKEN }}' };
    expect(github.actions.createIssue.input.safeParse({ ...base, title: 'Incident', labels: ['sev1'] }).success).toBe(true);
    expect(github.actions.addLabels.input.safeParse({ ...base, issueNumber: 1, labels: [] }).success).toBe(false);
    expect(github.actions.dispatchWorkflow.input.safeParse({ ...base, workflowId: 'deploy.yml', ref: 'main', inputs: { dry: true } }).success).toBe(true);
    expect(github.actions.createComment.input.safeParse({ ...base, issueNumber: 0, body: 'x' }).success).toBe(false);
  });
});
