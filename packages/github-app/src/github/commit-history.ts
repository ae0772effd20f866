/**
 * Whether one commit is in the history of another, asked of GitHub (`GET
 * /repos/{owner}/{repo}/compare/{base}...{head}`): the App compiles a shallow clone, so git
 * cannot tell it. A plan uses it to tell a revert (rollback) from drift.
 * @module
 */
import type { RepoRef } from '../report/types';
import type { GitHubClients } from './octokit';

/** Is `sha` an ancestor of (or the same commit as) `head` in `repo`? */
export async function commitInHistory(github: GitHubClients, repo: RepoRef, sha: string, head: string): Promise<boolean> {
  const api = await github.forRepo(repo);
  const r = await api.rest.repos.compareCommitsWithBasehead({ owner: repo.owner, repo: repo.repo, basehead: `${sha}...${head}`, per_page: 1 });
  return r.data.status === 'ahead' || r.data.status === 'identical';
}
