import { describe, expect, it } from 'vitest';
import { checkRunRerequestedEvent, issueCommentEvent, pullRequestEvent, pushEvent } from '@flowops/testing-github';
import { routeWebhook } from './route';

const ref = { owner: 'acme', repo: 'flows', installationId: 7 };
const sha = 'c0ffee'.padEnd(40, '0');
const ctx = { botLogin: 'flowops[bot]' };

describe('routeWebhook', () => {
  it('starts a comment workflow for /flowops on a PR, keyed by the comment', () => {
    const w = routeWebhook('issue_comment', 'd1', issueCommentEvent({ ...ref, number: 12, commentId: 99, body: '/flowops help', login: 'maya' }), ctx);
    expect(w).toMatchObject({
      kind: 'start',
      workflowType: 'flowopsGithubComment',
      workflowId: 'gh-comment-acme-flows-99',
      args: { login: 'maya', issueNumber: 12 },
    });
  });

  it('ignores edited comments, bots, the App itself, plain issues and chatter', () => {
    const cases = [
      issueCommentEvent({ ...ref, action: 'edited', number: 12, body: '/flowops help', login: 'maya' }),
      issueCommentEvent({ ...ref, number: 12, body: '/flowops help', login: 'renovate[bot]', senderType: 'Bot' }),
      issueCommentEvent({ ...ref, number: 12, body: '/flowops help', login: 'flowops[bot]', senderType: 'User' }),
      issueCommentEvent({ ...ref, number: 3, body: '/flowops help', login: 'maya', onPullRequest: false }),
      issueCommentEvent({ ...ref, number: 12, body: 'LGTM\n```\n/flowops run x\n```', login: 'maya' }),
    ];
    expect(cases.map((p) => routeWebhook('issue_comment', 'd', p, ctx).kind)).toEqual(['ignore', 'ignore', 'ignore', 'ignore', 'ignore']);
  });

  it('pull requests: keyed by PR and head commit; forks are flagged', () => {
    const same = routeWebhook('pull_request', 'd', pullRequestEvent({ ...ref, action: 'synchronize', number: 12, headSha: sha }), ctx);
    expect(same).toMatchObject({ workflowId: `gh-pr-acme-flows-12-${sha}`, args: { fork: false } });
    const fork = routeWebhook('pull_request', 'd', pullRequestEvent({ ...ref, action: 'opened', number: 13, headSha: sha, headRepo: 'mallory/flows' }), ctx);
    expect(fork).toMatchObject({ kind: 'start', args: { fork: true } });
  });

  it('check_run rerequested: one rerun per check run and commit, whatever the delivery id', () => {
    const ids = ['d1', 'd2', 'd3'].map((d) =>
      routeWebhook('check_run', d, checkRunRerequestedEvent({ ...ref, headSha: sha, pullNumbers: [12], checkRunId: 41 }), ctx),
    );
    expect(ids.map((w) => (w.kind === 'start' ? w.workflowId : w.reason))).toEqual(Array(3).fill(`gh-rerun-acme-flows-41-${sha}`));
    const next = routeWebhook('check_run', 'd4', checkRunRerequestedEvent({ ...ref, headSha: sha, pullNumbers: [12], checkRunId: 42 }), ctx);
    expect(next).toMatchObject({ workflowId: `gh-rerun-acme-flows-42-${sha}` });
  });

  it('check_run rerequested and pushes to the default branch', () => {
    expect(routeWebhook('check_run', 'd9', checkRunRerequestedEvent({ ...ref, headSha: sha, pullNumbers: [12] }), ctx)).toMatchObject({
      workflowType: 'flowopsGithubRerequest',
      args: { pulls: [12] },
    });
    expect(routeWebhook('push', 'd', pushEvent({ ...ref, after: sha }), ctx)).toMatchObject({
      workflowType: 'flowopsGithubDrift',
      workflowId: `gh-drift-acme-flows-${sha}`,
    });
    expect(routeWebhook('push', 'd', pushEvent({ ...ref, after: sha, ref: 'refs/heads/feature' }), ctx).kind).toBe('ignore');
    expect(routeWebhook('ping', 'd', {}, ctx).kind).toBe('ignore');
  });
});
