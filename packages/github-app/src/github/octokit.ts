/**
 * Authenticate as the GitHub App (JWT → installation token) with octokit against `apiUrl`.
 * octokit's own retry and throttling are off: Temporal retries the activities instead.
 * @module
 */
import { App, Octokit } from 'octokit';

export type InstallationOctokit = Octokit;

export interface GitHubClients {
  app: App;
  installation(installationId: number): Promise<Octokit>;
  /** The installation on a repository (`GET /repos/{owner}/{repo}/installation`, cached). */
  repoInstallation(owner: string, repo: string): Promise<number>;
  /** The installation client for a repository: its `installationId` when known (webhooks), else looked up (reports from CI). */
  forRepo(repo: { owner: string; repo: string; installationId?: number | undefined }): Promise<Octokit>;
  /** The App's bot login, `<slug>[bot]`. */
  botLogin(): Promise<string>;
}

export function createGitHubClients(o: { appId: string; privateKey: string; apiUrl: string }): GitHubClients {
  const AppOctokit = Octokit.defaults({ baseUrl: o.apiUrl, throttle: { enabled: false }, retry: { enabled: false }, userAgent: 'flowops-github-app' });
  const app = new App({ appId: o.appId, privateKey: o.privateKey, Octokit: AppOctokit });
  const cache = new Map<number, Promise<Octokit>>();
  const byRepo = new Map<string, Promise<number>>();
  let bot: Promise<string> | undefined;
  const clients: GitHubClients = {
    app,
    installation(id) {
      let p = cache.get(id);
      if (!p) {
        p = app.getInstallationOctokit(id) as Promise<Octokit>;
        p.catch(() => cache.delete(id));
        cache.set(id, p);
      }
      return p;
    },
    repoInstallation(owner, repo) {
      const key = `${owner}/${repo}`.toLowerCase();
      let p = byRepo.get(key);
      if (!p) {
        p = app.octokit.request('GET /repos/{owner}/{repo}/installation', { owner, repo }).then((r) => (r.data as { id: number }).id);
        p.catch(() => byRepo.delete(key));
        byRepo.set(key, p);
      }
      return p;
    },
    async forRepo(repo) {
      return clients.installation(repo.installationId ?? (await clients.repoInstallation(repo.owner, repo.repo)));
    },
    botLogin() {
      bot ??= app.octokit.request('GET /app').then((r) => `${(r.data as { slug?: string }).slug ?? 'flowops'}[bot]`);
      bot.catch(() => {
        bot = undefined;
      });
      return bot;
    },
  };
  return clients;
}
