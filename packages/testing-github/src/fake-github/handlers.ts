/**
 * The operations the fake GitHub emulates, keyed by GitHub's `operationId`. Routes that exist
 * in GitHub's description but are not listed here answer 501 (named), never a made-up success.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { FakeCheckRun, FakeComment, FakeIssue, FakeRepo, FakeState, FakeUser } from './state';

export interface HandlerContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  state: FakeState;
  baseUrl: string;
  /** The App's bot user (author of everything written with an installation token). */
  bot: FakeUser;
  appId: string;
  appSlug: string;
  installationId: number | undefined;
}
export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
export type Handler = (ctx: HandlerContext) => HandlerResult;

/** GitHub's own limit on issue and PR comment bodies (enforced server-side, not in the OpenAPI). */
export const MAX_COMMENT_BODY = 65_536;

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const notFound = (): HandlerResult => ({ status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } });
const unprocessable = (message: string): HandlerResult => ({ status: 422, body: { message: 'Validation Failed', errors: [{ message }] } });

function repoOf(ctx: HandlerContext): FakeRepo | undefined {
  return ctx.state.repo(ctx.params.owner ?? '', ctx.params.repo ?? '');
}

function userJson(u: FakeUser) {
  return { login: u.login, id: u.id, type: u.type, node_id: `U_${u.id}` };
}

function commentJson(ctx: HandlerContext, repo: FakeRepo, c: FakeComment) {
  const base = `${ctx.baseUrl}/repos/${repo.owner}/${repo.name}`;
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${base}/issues/comments/${c.id}`,
    html_url: `https://github.com/${repo.owner}/${repo.name}/pull/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `${base}/issues/${c.issueNumber}`,
    body: c.body,
    user: userJson(c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: 'NONE',
  };
}

function issueJson(ctx: HandlerContext, repo: FakeRepo, i: FakeIssue) {
  return {
    id: i.number + 100_000,
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    labels: i.labels.map((name) => ({ name })),
    user: userJson(i.user),
    html_url: `https://github.com/${repo.owner}/${repo.name}/issues/${i.number}`,
    url: `${ctx.baseUrl}/repos/${repo.owner}/${repo.name}/issues/${i.number}`,
    ...(i.pull ? { pull_request: { url: `${ctx.baseUrl}/repos/${repo.owner}/${repo.name}/pulls/${i.number}` } } : {}),
  };
}

function checkRunJson(ctx: HandlerContext, repo: FakeRepo, r: FakeCheckRun) {
  return {
    id: r.id,
    name: r.name,
    head_sha: r.headSha,
    status: r.status,
    conclusion: r.conclusion,
    external_id: r.externalId ?? null,
    details_url: r.detailsUrl ?? null,
    output: { title: r.output.title ?? null, summary: r.output.summary ?? null, text: r.output.text ?? null, annotations_count: r.annotations.length },
    url: `${ctx.baseUrl}/repos/${repo.owner}/${repo.name}/check-runs/${r.id}`,
    html_url: `https://github.com/${repo.owner}/${repo.name}/runs/${r.id}`,
    app: r.app && r.app !== ctx.appSlug ? { id: 15368, slug: r.app, name: r.app } : { id: Number(ctx.appId), slug: ctx.appSlug, name: ctx.appSlug },
  };
}

/** Slice a list by `per_page`/`page` and add GitHub's `Link` header. */
function paginate<T>(ctx: HandlerContext, path: string, items: T[]): HandlerResult {
  const perPage = Math.min(100, Math.max(1, Number(ctx.query.get('per_page') ?? 30) || 30));
  const page = Math.max(1, Number(ctx.query.get('page') ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const headers: Record<string, string> = {};
  if (page < last) {
    const link = (p: number) => `<${ctx.baseUrl}${path}?per_page=${perPage}&page=${p}>`;
    headers.link = `${link(page + 1)}; rel="next", ${link(last)}; rel="last"`;
  }
  return { status: 200, body: items.slice((page - 1) * perPage, page * perPage), headers };
}

function applyCheckRunBody(run: FakeCheckRun, body: Record<string, unknown>): void {
  if (typeof body.name === 'string') run.name = body.name;
  if (typeof body.status === 'string') run.status = body.status;
  if (typeof body.conclusion === 'string') {
    run.conclusion = body.conclusion;
    run.status = 'completed';
  }
  if (typeof body.external_id === 'string') run.externalId = body.external_id;
  if (typeof body.details_url === 'string') run.detailsUrl = body.details_url;
  const output = body.output as { title?: string; summary?: string; text?: string; annotations?: unknown[] } | undefined;
  if (output) {
    run.output = { title: output.title, summary: output.summary, text: output.text };
    run.annotations.push(...(output.annotations ?? []));
  }
}

export const HANDLERS: Record<string, Handler> = {
  'apps/get-authenticated': (ctx) => ({
    status: 200,
    body: { id: Number(ctx.appId), slug: ctx.appSlug, name: ctx.appSlug, owner: userJson(ctx.state.user('octo-org')) },
  }),

  'apps/create-installation-access-token': (ctx) => {
    const id = Number(ctx.params.installation_id);
    if (!ctx.state.installations.has(id)) return notFound();
    const token = `ghs_${randomBytes(18).toString('base64url')}`;
    const expiresAt = Date.now() + 3_600_000;
    ctx.state.tokens.set(token, { installationId: id, expiresAt });
    return {
      status: 201,
      body: { token, expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'), permissions: {}, repository_selection: 'all' },
    };
  },

  'apps/get-repo-installation': (ctx) => {
    const repo = repoOf(ctx);
    return repo ? { status: 200, body: { id: repo.installationId, app_id: Number(ctx.appId), account: userJson(ctx.state.user(repo.owner)) } } : notFound();
  },

  'repos/get-collaborator-permission-level': (ctx) => {
    const repo = repoOf(ctx);
    if (!repo) return notFound();
    const role = repo.collaborators.get(ctx.params.username ?? '');
    if (!role) return { status: 404, body: { message: `${ctx.params.username} is not a user`, documentation_url: 'https://docs.github.com/rest' } };
    const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
    return { status: 200, body: { permission, role_name: role, user: userJson(ctx.state.user(ctx.params.username ?? '')) } };
  },

  'teams/get-membership-for-user-in-org': (ctx) => {
    const members = ctx.state.teams.get(`${ctx.params.org}/${ctx.params.team_slug}`.toLowerCase());
    if (!members?.has(ctx.params.username ?? '')) return notFound();
    return { status: 200, body: { url: '', role: 'member', state: 'active' } };
  },

  'pulls/get': (ctx) => {
    const repo = repoOf(ctx);
    const issue = repo?.issues.get(Number(ctx.params.pull_number));
    if (!repo || !issue?.pull) return notFound();
    const full = `${repo.owner}/${repo.name}`;
    return {
      status: 200,
      body: {
        number: issue.number,
        title: issue.title,
        state: issue.state,
        user: userJson(issue.user),
        head: {
          sha: issue.pull.headSha,
          ref: issue.pull.headRef,
          repo: { full_name: issue.pull.headRepo, fork: issue.pull.headRepo.toLowerCase() !== full.toLowerCase() },
        },
        base: { ref: issue.pull.baseRef, repo: { full_name: full, default_branch: repo.defaultBranch } },
      },
    };
  },

  /** Pull requests whose head or merge commit is `commit_sha`. */
  'repos/list-pull-requests-associated-with-commit': (ctx) => {
    const repo = repoOf(ctx);
    if (!repo) return notFound();
    const sha = ctx.params.commit_sha;
    const full = `${repo.owner}/${repo.name}`;
    const items = [...repo.issues.values()]
      .filter((i) => i.pull && (i.pull.headSha === sha || i.pull.mergeCommitSha === sha))
      .map((i) => ({
        number: i.number,
        title: i.title,
        state: i.pull!.mergedAt ? 'closed' : i.state,
        user: userJson(i.user),
        merge_commit_sha: i.pull!.mergeCommitSha ?? null,
        merged_at: i.pull!.mergedAt ?? null,
        head: { sha: i.pull!.headSha, ref: i.pull!.headRef, repo: { full_name: i.pull!.headRepo } },
        base: { ref: i.pull!.baseRef, repo: { full_name: full, default_branch: repo.defaultBranch } },
      }));
    return paginate(ctx, `/repos/${full}/commits/${sha}/pulls`, items);
  },

  'issues/list-comments': (ctx) => {
    const repo = repoOf(ctx);
    const number = Number(ctx.params.issue_number);
    if (!repo?.issues.has(number)) return notFound();
    const items = [...repo.comments.values()].filter((c) => c.issueNumber === number).map((c) => commentJson(ctx, repo, c));
    return paginate(ctx, `/repos/${repo.owner}/${repo.name}/issues/${number}/comments`, items);
  },

  'issues/create-comment': (ctx) => {
    const repo = repoOf(ctx);
    const number = Number(ctx.params.issue_number);
    if (!repo?.issues.has(number)) return notFound();
    const body = String(ctx.body.body);
    if (body.length > MAX_COMMENT_BODY) return unprocessable(`Body is too long (maximum is ${MAX_COMMENT_BODY} characters)`);
    const c: FakeComment = { id: ctx.state.id(), issueNumber: number, body, user: ctx.bot, createdAt: now(), updatedAt: now(), reactions: [] };
    repo.comments.set(c.id, c);
    return { status: 201, body: commentJson(ctx, repo, c) };
  },

  'issues/get-comment': (ctx) => {
    const repo = repoOf(ctx);
    const c = repo?.comments.get(Number(ctx.params.comment_id));
    return repo && c ? { status: 200, body: commentJson(ctx, repo, c) } : notFound();
  },

  'issues/update-comment': (ctx) => {
    const repo = repoOf(ctx);
    const c = repo?.comments.get(Number(ctx.params.comment_id));
    if (!repo || !c) return notFound();
    const body = String(ctx.body.body);
    if (body.length > MAX_COMMENT_BODY) return unprocessable(`Body is too long (maximum is ${MAX_COMMENT_BODY} characters)`);
    c.body = body;
    c.updatedAt = now();
    return { status: 200, body: commentJson(ctx, repo, c) };
  },

  'reactions/create-for-issue-comment': (ctx) => {
    const repo = repoOf(ctx);
    const c = repo?.comments.get(Number(ctx.params.comment_id));
    if (!c) return notFound();
    const content = String(ctx.body.content);
    const existing = c.reactions.find((r) => r.content === content && r.user.login === ctx.bot.login);
    if (existing) return { status: 200, body: { id: existing.id, content, user: userJson(ctx.bot) } };
    const reaction = { id: ctx.state.id(), content, user: ctx.bot };
    c.reactions.push(reaction);
    return { status: 201, body: { id: reaction.id, content, user: userJson(ctx.bot), created_at: now() } };
  },

  'checks/create': (ctx) => {
    const repo = repoOf(ctx);
    if (!repo) return notFound();
    const run: FakeCheckRun = {
      id: ctx.state.id(),
      name: '',
      headSha: String(ctx.body.head_sha),
      status: 'queued',
      conclusion: null,
      output: {},
      annotations: [],
    };
    applyCheckRunBody(run, ctx.body);
    repo.checkRuns.set(run.id, run);
    return { status: 201, body: checkRunJson(ctx, repo, run) };
  },

  'checks/update': (ctx) => {
    const repo = repoOf(ctx);
    const run = repo?.checkRuns.get(Number(ctx.params.check_run_id));
    if (!repo || !run) return notFound();
    applyCheckRunBody(run, ctx.body);
    return { status: 200, body: checkRunJson(ctx, repo, run) };
  },

  'checks/list-for-ref': (ctx) => {
    const repo = repoOf(ctx);
    if (!repo) return notFound();
    const name = ctx.query.get('check_name');
    const runs = [...repo.checkRuns.values()]
      .filter((r) => r.headSha === ctx.params.ref && (!name || r.name === name))
      .sort((a, b) => b.id - a.id)
      .map((r) => checkRunJson(ctx, repo, r));
    return { status: 200, body: { total_count: runs.length, check_runs: runs } };
  },

  'checks/get': (ctx) => {
    const repo = repoOf(ctx);
    const run = repo?.checkRuns.get(Number(ctx.params.check_run_id));
    return repo && run ? { status: 200, body: checkRunJson(ctx, repo, run) } : notFound();
  },

  'issues/list-for-repo': (ctx) => {
    const repo = repoOf(ctx);
    if (!repo) return notFound();
    const state = ctx.query.get('state') ?? 'open';
    const labels = (ctx.query.get('labels') ?? '').split(',').filter(Boolean);
    const items = [...repo.issues.values()]
      .filter((i) => !i.pull && (state === 'all' || i.state === state) && labels.every((l) => i.labels.includes(l)))
      .map((i) => issueJson(ctx, repo, i));
    return paginate(ctx, `/repos/${repo.owner}/${repo.name}/issues`, items);
  },

  'issues/create': (ctx) => {
    const repo = repoOf(ctx);
    if (!repo) return notFound();
    const labels = ((ctx.body.labels as unknown[] | undefined) ?? []).map((l) => (typeof l === 'string' ? l : String((l as { name?: string }).name)));
    const issue: FakeIssue = {
      number: ctx.state.nextIssueNumber(repo),
      title: String(ctx.body.title),
      body: String(ctx.body.body ?? ''),
      state: 'open',
      labels,
      user: ctx.bot,
    };
    repo.issues.set(issue.number, issue);
    return { status: 201, body: issueJson(ctx, repo, issue) };
  },

  'repos/compare-commits-with-basehead': (ctx) => {
    const repo = repoOf(ctx);
    const [base, head] = (ctx.params.basehead ?? '').split('...');
    if (!repo?.gitDir || !base || !head) return notFound();
    const count = (range: string): number | undefined => {
      try {
        return Number(
          execFileSync('git', ['rev-list', '--count', range, '--'], { cwd: repo.gitDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
        );
      } catch {
        return undefined;
      }
    };
    const ahead = count(`${base}..${head}`);
    const behind = count(`${head}..${base}`);
    if (ahead === undefined || behind === undefined) return notFound();
    const status = ahead === 0 && behind === 0 ? 'identical' : behind === 0 ? 'ahead' : ahead === 0 ? 'behind' : 'diverged';
    const html = `https://github.com/${repo.owner}/${repo.name}/compare/${base}...${head}`;
    return {
      status: 200,
      body: {
        url: `${ctx.baseUrl}/repos/${repo.owner}/${repo.name}/compare/${base}...${head}`,
        html_url: html,
        permalink_url: html,
        diff_url: `${html}.diff`,
        patch_url: `${html}.patch`,
        status,
        ahead_by: ahead,
        behind_by: behind,
        total_commits: ahead,
        commits: [],
        files: [],
      },
    };
  },

  'issues/update': (ctx) => {
    const repo = repoOf(ctx);
    const issue = repo?.issues.get(Number(ctx.params.issue_number));
    if (!repo || !issue) return notFound();
    if (typeof ctx.body.title === 'string') issue.title = ctx.body.title;
    if (typeof ctx.body.body === 'string') issue.body = ctx.body.body;
    if (ctx.body.state === 'open' || ctx.body.state === 'closed') issue.state = ctx.body.state;
    return { status: 200, body: issueJson(ctx, repo, issue) };
  },
};
