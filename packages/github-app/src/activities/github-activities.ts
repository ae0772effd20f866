/**
 * Activities that talk to GitHub with the App's installation token. Every call goes through
 * `gh()`, which turns 5xx and rate limits into retryable failures (rate limits with
 * `nextRetryDelay`) and other 4xx into non-retryable ones.
 * @module
 */
import { type Access, accessFromRole } from '../comments/authorize';
import { gh } from '../github/errors';
import type { GitHubClients } from '../github/octokit';
import { type Annotation, CHECK_NAME, type Conclusion, REPORT_MARKER } from '../render/index';
import { waiversFrom } from '../policy/waivers';
import type { PolicyWaiver, RepoRef } from '../report/types';

export interface GitHubActivityDeps {
  github: GitHubClients;
}

export const DRIFT_LABEL = 'flowops-drift';
export const DRIFT_MARKER = '<!-- flowops:drift -->';

export function createGitHubActivities({ github }: GitHubActivityDeps) {
  // Webhooks carry the installation; reports handed over by CI (`startReport`) usually do not.
  const octo = (repo: RepoRef) => gh('find the App installation', () => github.forRepo(repo));
  const base = (repo: RepoRef) => ({ owner: repo.owner, repo: repo.repo });

  return {
    async addReaction(o: { repo: RepoRef; commentId: number; content: 'eyes' | '+1' | '-1' | 'rocket' | 'confused' }): Promise<void> {
      const api = await octo(o.repo);
      await gh('add reaction', () => api.rest.reactions.createForIssueComment({ ...base(o.repo), comment_id: o.commentId, content: o.content }));
    },

    async getAccess(o: { repo: RepoRef; login: string }): Promise<{ access: Access; roleName: string }> {
      const api = await octo(o.repo);
      try {
        const r = await api.rest.repos.getCollaboratorPermissionLevel({ ...base(o.repo), username: o.login });
        return { access: accessFromRole(r.data.role_name, r.data.permission), roleName: r.data.role_name };
      } catch (err) {
        if ((err as { status?: number }).status === 404) return { access: 'none', roleName: 'none' };
        return gh('get collaborator permission', () => Promise.reject(err));
      }
    },

    /** The `runners` entry (`login`, `@login`, `org/team`, `@org/team`) the user matches, if any. */
    async matchRunner(o: { repo: RepoRef; login: string; runners: string[] }): Promise<string | undefined> {
      const api = await octo(o.repo);
      for (const entry of o.runners) {
        const e = entry.replace(/^@/, '');
        if (!e.includes('/')) {
          if (e.toLowerCase() === o.login.toLowerCase()) return entry;
          continue;
        }
        const [org, team] = e.split('/') as [string, string];
        try {
          const r = await api.rest.teams.getMembershipForUserInOrg({ org, team_slug: team, username: o.login });
          if (r.data.state === 'active') return entry;
        } catch (err) {
          if ((err as { status?: number }).status !== 404) await gh('team membership', () => Promise.reject(err));
        }
      }
      return undefined;
    },

    /** A pull request's head, base, whether it comes from a fork, its author, and the repository's default branch. */
    async getPull(o: {
      repo: RepoRef;
      pr: number;
    }): Promise<{ headSha: string; baseRef: string; defaultBranch: string; headRepo: string; fork: boolean; author?: string }> {
      const api = await octo(o.repo);
      const r = await gh('get pull request', () => api.rest.pulls.get({ ...base(o.repo), pull_number: o.pr }));
      const headRepo = r.data.head.repo?.full_name ?? '';
      return {
        headSha: r.data.head.sha,
        baseRef: r.data.base.ref,
        defaultBranch: r.data.base.repo.default_branch,
        headRepo,
        fork: headRepo.toLowerCase() !== `${o.repo.owner}/${o.repo.repo}`.toLowerCase(),
        ...(r.data.user?.login ? { author: r.data.user.login } : {}),
      };
    },

    async postComment(o: { repo: RepoRef; issueNumber: number; body: string }): Promise<number> {
      const api = await octo(o.repo);
      const r = await gh('post comment', () => api.rest.issues.createComment({ ...base(o.repo), issue_number: o.issueNumber, body: o.body }));
      return r.data.id;
    },

    /**
     * The policy waivers recorded on a pull request for `headSha`: the App's own waiver records
     * (`policy/waivers.ts`); none when the App's login cannot be read.
     */
    async policyWaivers(o: { repo: RepoRef; pr: number; headSha: string }): Promise<PolicyWaiver[]> {
      const api = await octo(o.repo);
      const bot = await github.botLogin().catch(() => undefined);
      if (!bot) return [];
      const comments = await gh('list comments', () => api.paginate(api.rest.issues.listComments, { ...base(o.repo), issue_number: o.pr, per_page: 100 }));
      return waiversFrom(
        comments.map((c) => ({ body: c.body ?? '', login: c.user?.login ?? '' })),
        { bot, headSha: o.headSha },
      );
    },

    /** Find the App's comment carrying the marker and edit it, or create it. */
    async upsertStickyComment(o: { repo: RepoRef; issueNumber: number; body: string; marker?: string }): Promise<{ commentId: number; created: boolean }> {
      const api = await octo(o.repo);
      const marker = o.marker ?? REPORT_MARKER;
      const bot = await github.botLogin().catch(() => undefined);
      const comments = await gh('list comments', () =>
        api.paginate(api.rest.issues.listComments, { ...base(o.repo), issue_number: o.issueNumber, per_page: 100 }),
      );
      const mine = comments.find((c) => c.body?.includes(marker) && (!bot || c.user?.login === bot));
      if (mine) {
        await gh('update sticky comment', () => api.rest.issues.updateComment({ ...base(o.repo), comment_id: mine.id, body: o.body }));
        return { commentId: mine.id, created: false };
      }
      const r = await gh('create sticky comment', () => api.rest.issues.createComment({ ...base(o.repo), issue_number: o.issueNumber, body: o.body }));
      return { commentId: r.data.id, created: true };
    },

    /**
     * Create or update the named check run on a commit. The first annotation batch goes with
     * the create/update, later batches with further updates (GitHub appends them).
     */
    async publishCheckRun(o: {
      repo: RepoRef;
      headSha: string;
      name?: string;
      status: 'in_progress' | 'completed';
      conclusion?: Conclusion | 'action_required';
      title: string;
      summary: string;
      /** The output's text (below the summary): the policy section. */
      text?: string | undefined;
      annotationBatches?: Annotation[][];
      detailsUrl?: string;
      checkRunId?: number;
      /** Create a new check run even when the commit has one (a rerun). */
      create?: boolean;
    }): Promise<number> {
      const api = await octo(o.repo);
      const name = o.name ?? CHECK_NAME;
      const batches = o.annotationBatches ?? [];
      const output = (i: number) => ({
        title: o.title,
        summary: o.summary,
        ...(o.text !== undefined ? { text: o.text } : {}),
        ...(batches[i] ? { annotations: batches[i] } : {}),
      });
      const state =
        o.status === 'completed'
          ? { status: 'completed' as const, conclusion: o.conclusion ?? 'neutral', completed_at: new Date().toISOString() }
          : { status: 'in_progress' as const };
      let id = o.checkRunId;
      if (id === undefined && !o.create) {
        const existing = await gh('list check runs', () => api.rest.checks.listForRef({ ...base(o.repo), ref: o.headSha, check_name: name, filter: 'latest' }));
        id = existing.data.check_runs.find((r) => r.name === name)?.id;
      }
      if (id === undefined) {
        const r = await gh('create check run', () =>
          api.rest.checks.create({
            ...base(o.repo),
            name,
            head_sha: o.headSha,
            ...state,
            output: output(0),
            ...(o.detailsUrl ? { details_url: o.detailsUrl } : {}),
          }),
        );
        id = r.data.id;
      } else {
        const checkRunId = id;
        await gh('update check run', () =>
          api.rest.checks.update({
            ...base(o.repo),
            check_run_id: checkRunId,
            ...state,
            output: output(0),
            ...(o.detailsUrl ? { details_url: o.detailsUrl } : {}),
          }),
        );
      }
      for (let i = 1; i < batches.length; i++) {
        const checkRunId = id;
        await gh('add annotations', () => api.rest.checks.update({ ...base(o.repo), check_run_id: checkRunId, output: output(i) }));
      }
      return id;
    },

    /** One open drift issue per repository: update it if open, else open one. */
    async upsertDriftIssue(o: { repo: RepoRef; title: string; body: string }): Promise<{ number: number; created: boolean }> {
      const api = await octo(o.repo);
      const open = await gh('list issues', () =>
        api.paginate(api.rest.issues.listForRepo, { ...base(o.repo), state: 'open', labels: DRIFT_LABEL, per_page: 100 }),
      );
      const existing = open.find((i) => !i.pull_request && i.body?.includes(DRIFT_MARKER));
      const body = `${DRIFT_MARKER}\n${o.body}`;
      if (existing) {
        await gh('update drift issue', () => api.rest.issues.update({ ...base(o.repo), issue_number: existing.number, title: o.title, body }));
        return { number: existing.number, created: false };
      }
      const r = await gh('open drift issue', () => api.rest.issues.create({ ...base(o.repo), title: o.title, body, labels: [DRIFT_LABEL] }));
      return { number: r.data.number, created: true };
    },
  };
}

export type GitHubActivities = ReturnType<typeof createGitHubActivities>;
