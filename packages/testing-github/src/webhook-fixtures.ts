/**
 * Webhook payloads for tests, derived from `@octokit/webhooks-examples` (GitHub's recorded
 * examples). Where an example misses fields GitHub's schema requires today, the derivation adds
 * them; `webhook-fixtures.test.ts` validates every variant against `@octokit/openapi-webhooks`.
 * @module
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: payloads are untyped JSON
type Json = Record<string, any>;
const examples = require('@octokit/webhooks-examples') as Array<{ name: string; examples: Json[] }>;

function example(event: string, pick: (e: Json) => boolean): Json {
  const found = examples.find((g) => g.name === event)?.examples.find(pick);
  if (!found) throw new Error(`no ${event} example matches`);
  return structuredClone(found);
}

export interface RepoRef {
  owner: string;
  repo: string;
  installationId: number;
}

function retarget(payload: Json, ref: RepoRef): Json {
  const fix = (r: Json | undefined | null) => {
    if (!r) return;
    r.name = ref.repo;
    r.full_name = `${ref.owner}/${ref.repo}`;
    if (r.owner) r.owner.login = ref.owner;
    r.has_discussions ??= false;
    r.default_branch ??= 'main';
  };
  fix(payload.repository);
  payload.installation = { id: ref.installationId, node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${ref.installationId}` };
  return payload;
}

export interface PullRequestOptions extends RepoRef {
  action: 'opened' | 'synchronize' | 'reopened';
  number: number;
  headSha: string;
  baseRef?: string;
  headRef?: string;
  /** Head repository `owner/name`; a different one makes this a fork PR. */
  headRepo?: string;
  author?: string;
}

export function pullRequestEvent(o: PullRequestOptions): Json {
  const p = retarget(
    example('pull_request', (e) => e.action === (o.action === 'reopened' ? 'reopened' : o.action)),
    o,
  );
  const pr = p.pull_request;
  pr.auto_merge ??= null; // the first "opened" example predates auto-merge
  p.number = o.number;
  pr.number = o.number;
  pr.head.sha = o.headSha;
  pr.head.ref = o.headRef ?? 'feature';
  pr.base.ref = o.baseRef ?? 'main';
  for (const side of [pr.head, pr.base]) if (side.repo) side.repo.has_discussions ??= false;
  pr.base.repo.full_name = `${o.owner}/${o.repo}`;
  pr.base.repo.name = o.repo;
  pr.base.repo.owner.login = o.owner;
  const head = o.headRepo ?? `${o.owner}/${o.repo}`;
  const [headOwner, headName] = head.split('/') as [string, string];
  pr.head.repo.full_name = head;
  pr.head.repo.name = headName;
  pr.head.repo.owner.login = headOwner;
  pr.head.repo.fork = head.toLowerCase() !== `${o.owner}/${o.repo}`.toLowerCase();
  if (o.author) {
    pr.user.login = o.author;
    p.sender.login = o.author;
  }
  return p;
}

export interface IssueCommentOptions extends RepoRef {
  action?: 'created' | 'edited';
  number: number;
  body: string;
  login: string;
  commentId?: number;
  senderType?: 'User' | 'Bot';
  /** false: a comment on a plain issue (no `issue.pull_request`). */
  onPullRequest?: boolean;
}

export function issueCommentEvent(o: IssueCommentOptions): Json {
  const action = o.action ?? 'created';
  // Example 0 (created) lacks fields the schema requires; the others are complete.
  const p = retarget(
    example('issue_comment', (e) => e.action === action && e.comment?.reactions !== undefined && e.issue?.active_lock_reason !== undefined),
    o,
  );
  p.issue.number = o.number;
  if (o.onPullRequest ?? true) {
    const api = `https://api.github.com/repos/${o.owner}/${o.repo}`;
    p.issue.pull_request = {
      url: `${api}/pulls/${o.number}`,
      html_url: `https://github.com/${o.owner}/${o.repo}/pull/${o.number}`,
      diff_url: `https://github.com/${o.owner}/${o.repo}/pull/${o.number}.diff`,
      patch_url: `https://github.com/${o.owner}/${o.repo}/pull/${o.number}.patch`,
      merged_at: null,
    };
  } else {
    delete p.issue.pull_request;
  }
  p.comment.body = o.body;
  if (o.commentId !== undefined) p.comment.id = o.commentId;
  for (const u of [p.comment.user, p.sender]) {
    u.login = o.login;
    u.type = o.senderType ?? 'User';
  }
  return p;
}

export interface CheckRunOptions extends RepoRef {
  headSha: string;
  name?: string;
  pullNumbers?: number[];
  checkRunId?: number;
}

export function checkRunRerequestedEvent(o: CheckRunOptions): Json {
  const p = retarget(
    example('check_run', (e) => e.action === 'rerequested'),
    o,
  );
  const run = p.check_run;
  run.node_id ??= 'CR_kwDOABCD';
  run.details_url ??= 'https://flowops.example/checks';
  run.name = o.name ?? 'flowops';
  if (o.checkRunId !== undefined) run.id = o.checkRunId;
  run.head_sha = o.headSha;
  run.check_suite.head_sha = o.headSha;
  for (const app of [run.app, run.check_suite.app]) {
    app.permissions ??= { checks: 'write', issues: 'write', pull_requests: 'write', metadata: 'read' };
    app.events ??= ['issue_comment', 'pull_request', 'check_run', 'push'];
    app.created_at = new Date(app.created_at * 1000 || Date.parse(app.created_at)).toISOString();
    app.updated_at = new Date(app.updated_at * 1000 || Date.parse(app.updated_at)).toISOString();
  }
  p.repository.disabled ??= false;
  run.pull_requests = (o.pullNumbers ?? []).map((n) => ({
    url: `https://api.github.com/repos/${o.owner}/${o.repo}/pulls/${n}`,
    id: n,
    number: n,
    head: { ref: 'feature', sha: o.headSha, repo: { id: 1, url: 'https://api.github.com/repos/x/y', name: o.repo } },
    base: { ref: 'main', sha: '0'.repeat(40), repo: { id: 1, url: 'https://api.github.com/repos/x/y', name: o.repo } },
  }));
  return p;
}

export interface PushOptions extends RepoRef {
  ref?: string;
  after: string;
}

export function pushEvent(o: PushOptions): Json {
  const p = retarget(
    example('push', (e) => e.ref === 'refs/heads/main' || e.ref?.startsWith('refs/heads/')),
    o,
  );
  p.ref = o.ref ?? 'refs/heads/main';
  p.repository.default_branch = 'main';
  p.after = o.after;
  if (p.head_commit) p.head_commit.id = o.after;
  p.repository.master_branch ??= 'main';
  return p;
}
