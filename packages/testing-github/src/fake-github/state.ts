/**
 * The fake GitHub's memory: repositories with their issues, pull requests, comments,
 * reactions, check runs, collaborators, plus teams and installation tokens.
 * @module
 */
import { FakeHooks } from './deliveries';

export type RoleName = 'admin' | 'maintain' | 'write' | 'triage' | 'read';

export interface FakeUser {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}
export interface FakeComment {
  id: number;
  issueNumber: number;
  body: string;
  user: FakeUser;
  createdAt: string;
  updatedAt: string;
  reactions: Array<{ id: number; content: string; user: FakeUser }>;
}
export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  user: FakeUser;
  pull?: {
    headSha: string;
    headRef: string;
    baseRef: string;
    headRepo: string;
    /** Set when the pull request was merged: the commit it became on the base branch. */
    mergeCommitSha?: string | undefined;
    mergedAt?: string | undefined;
  };
}
export interface FakeCheckRun {
  id: number;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  output: { title?: string; summary?: string; text?: string };
  annotations: unknown[];
  externalId?: string;
  detailsUrl?: string;
  /** Slug of the GitHub App that wrote it (default: the fake's App); e.g. `github-actions` for a job's check run. */
  app?: string;
}
export interface FakeRepo {
  owner: string;
  name: string;
  installationId: number;
  defaultBranch: string;
  collaborators: Map<string, RoleName>;
  issues: Map<number, FakeIssue>;
  comments: Map<number, FakeComment>;
  checkRuns: Map<number, FakeCheckRun>;
  /** A local git repository with the repository's commits: `compare` answers from it (absent: 404). */
  gitDir?: string | undefined;
}

export class FakeState {
  readonly repos = new Map<string, FakeRepo>();
  /** `org/team-slug` → logins */
  readonly teams = new Map<string, Set<string>>();
  /** installation token → installation id and expiry (ms) */
  readonly tokens = new Map<string, { installationId: number; expiresAt: number }>();
  readonly installations = new Set<number>();
  /** The App's webhook: deliveries made to it and their redeliveries. */
  readonly hooks = new FakeHooks();
  private nextId = 1000;
  private userIds = new Map<string, number>();

  id(): number {
    return ++this.nextId;
  }

  user(login: string, type: FakeUser['type'] = login.endsWith('[bot]') ? 'Bot' : 'User'): FakeUser {
    let id = this.userIds.get(login);
    if (id === undefined) {
      id = this.id();
      this.userIds.set(login, id);
    }
    return { login, id, type };
  }

  addRepo(owner: string, name: string, installationId: number, defaultBranch = 'main'): FakeRepo {
    this.installations.add(installationId);
    const repo: FakeRepo = {
      owner,
      name,
      installationId,
      defaultBranch,
      collaborators: new Map(),
      issues: new Map(),
      comments: new Map(),
      checkRuns: new Map(),
    };
    this.repos.set(`${owner}/${name}`.toLowerCase(), repo);
    return repo;
  }

  repo(owner: string, name: string): FakeRepo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  /** Seed a pull request (it is also an issue, as on GitHub). */
  addPull(repo: FakeRepo, number: number, pull: FakeIssue['pull'] & { title?: string; author?: string }): FakeIssue {
    const issue: FakeIssue = {
      number,
      title: pull.title ?? `PR #${number}`,
      body: '',
      state: 'open',
      labels: [],
      user: this.user(pull.author ?? 'octocat'),
      pull: { headSha: pull.headSha, headRef: pull.headRef, baseRef: pull.baseRef, headRepo: pull.headRepo },
    };
    repo.issues.set(number, issue);
    return issue;
  }

  addIssue(repo: FakeRepo, number: number, title = `Issue #${number}`): FakeIssue {
    const issue: FakeIssue = { number, title, body: '', state: 'open', labels: [], user: this.user('octocat') };
    repo.issues.set(number, issue);
    return issue;
  }

  /** Seed a comment written by a person (the one a webhook reports). */
  addComment(repo: FakeRepo, issueNumber: number, login: string, body: string): FakeComment {
    const at = new Date().toISOString();
    const c: FakeComment = { id: this.id(), issueNumber, body, user: this.user(login), createdAt: at, updatedAt: at, reactions: [] };
    repo.comments.set(c.id, c);
    return c;
  }

  nextIssueNumber(repo: FakeRepo): number {
    return Math.max(0, ...repo.issues.keys()) + 1;
  }
}
