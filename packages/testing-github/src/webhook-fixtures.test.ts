import { describe, expect, it } from 'vitest';
import { checkRunRerequestedEvent, issueCommentEvent, pullRequestEvent, pushEvent } from './webhook-fixtures';
import { validateWebhook } from './webhook-schemas';

const ref = { owner: 'acme', repo: 'flows', installationId: 7 };
const sha = 'c0ffee'.padEnd(40, '0');

describe('webhook fixtures match GitHub’s official webhook schemas', () => {
  const cases: Array<[string, string | undefined, unknown]> = [
    ['pull_request', 'opened', pullRequestEvent({ ...ref, action: 'opened', number: 12, headSha: sha })],
    ['pull_request', 'synchronize', pullRequestEvent({ ...ref, action: 'synchronize', number: 12, headSha: sha })],
    ['pull_request', 'opened', pullRequestEvent({ ...ref, action: 'opened', number: 13, headSha: sha, headRepo: 'mallory/flows' })],
    ['issue_comment', 'created', issueCommentEvent({ ...ref, number: 12, body: '/flowops help', login: 'maya' })],
    ['issue_comment', 'created', issueCommentEvent({ ...ref, number: 3, body: '/flowops help', login: 'maya', onPullRequest: false })],
    ['issue_comment', 'created', issueCommentEvent({ ...ref, number: 12, body: '/flowops help', login: 'flowops[bot]', senderType: 'Bot' })],
    ['issue_comment', 'edited', issueCommentEvent({ ...ref, action: 'edited', number: 12, body: '/flowops help', login: 'maya' })],
    ['check_run', 'rerequested', checkRunRerequestedEvent({ ...ref, headSha: sha, pullNumbers: [12] })],
    ['push', undefined, pushEvent({ ...ref, after: sha })],
  ];
  it.each(cases)('%s %s', (event, action, payload) => {
    expect(validateWebhook(event, action, payload)).toEqual([]);
  });

  it('the schema is strict enough to catch a broken fixture', () => {
    const broken = issueCommentEvent({ ...ref, number: 12, body: 'x', login: 'maya' }) as { comment: Record<string, unknown> };
    delete broken.comment.user;
    expect(validateWebhook('issue_comment', 'created', broken).join('\n')).toMatch(/user/);
  });

  it('derives fork PRs and PR comments', () => {
    const fork = pullRequestEvent({ ...ref, action: 'opened', number: 13, headSha: sha, headRepo: 'mallory/flows' });
    expect(fork.pull_request.head.repo.fork).toBe(true);
    expect(issueCommentEvent({ ...ref, number: 12, body: 'x', login: 'maya' }).issue.pull_request.url).toContain('/pulls/12');
  });
});
