import { createSign, generateKeyPairSync } from 'node:crypto';
import { App, Octokit } from 'octokit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from './index';

let gh: FakeGitHub;
let app: App;

function jwt(payload: Record<string, unknown>, key: string): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(payload)}`;
  const sig = createSign('RSA-SHA256').update(body).sign(key).toString('base64url');
  return `${body}.${sig}`;
}

async function installationToken(): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const res = await fetch(`${gh.url}/app/installations/7/access_tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${jwt({ iss: gh.appId, iat: now - 30, exp: now + 540 }, gh.privateKeyPem!)}` },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

beforeAll(async () => {
  gh = await startFakeGitHub();
  const repo = gh.state.addRepo('acme', 'flows', 7);
  gh.state.addPull(repo, 12, { headSha: 'a'.repeat(40), headRef: 'feature', baseRef: 'main', headRepo: 'acme/flows' });
  repo.collaborators.set('maya', 'maintain');
  app = new App({
    appId: gh.appId,
    privateKey: gh.privateKeyPem!,
    Octokit: Octokit.defaults({ baseUrl: gh.url, throttle: { enabled: false }, retry: { enabled: false } }),
  });
});
afterAll(() => gh.close());

describe('fake GitHub', () => {
  it('authenticates a real octokit App (JWT → installation token) and keeps comment state', async () => {
    const octo = await app.getInstallationOctokit(7);
    const created = await octo.rest.issues.createComment({ owner: 'acme', repo: 'flows', issue_number: 12, body: 'one' });
    expect(created.data.user?.login).toBe('flowops[bot]');
    await octo.rest.issues.updateComment({ owner: 'acme', repo: 'flows', comment_id: created.data.id, body: 'two' });
    const list = await octo.paginate(octo.rest.issues.listComments, { owner: 'acme', repo: 'flows', issue_number: 12, per_page: 1 });
    expect(list.map((c) => c.body)).toEqual(['two']);
    const perm = await octo.rest.repos.getCollaboratorPermissionLevel({ owner: 'acme', repo: 'flows', username: 'maya' });
    expect(perm.data).toMatchObject({ role_name: 'maintain', permission: 'write' });
    const toks = gh.requests.filter((r) => r.operationId === 'apps/create-installation-access-token');
    expect(toks.at(-1)?.status).toBe(201);
  });

  it('paginates with Link headers', async () => {
    const octo = await app.getInstallationOctokit(7);
    for (let i = 0; i < 5; i++) await octo.rest.issues.createComment({ owner: 'acme', repo: 'flows', issue_number: 12, body: `c${i}` });
    const all = await octo.paginate(octo.rest.issues.listComments, { owner: 'acme', repo: 'flows', issue_number: 12, per_page: 2 });
    expect(all.length).toBeGreaterThanOrEqual(5);
  });

  it('rejects routes that are not in GitHub’s REST description', async () => {
    const token = await installationToken();
    const res = await fetch(`${gh.url}/repos/acme/flows/sticky-comments`, { method: 'POST', headers: { authorization: `token ${token}` } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { message: string }).message).toMatch(/not a route of GitHub's REST API/);
    const wrong = await fetch(`${gh.url}/repos/acme/flows/check-runs`, { method: 'PUT', headers: { authorization: `token ${token}` } });
    expect(wrong.status).toBe(404);
  });

  it('validates bodies: 51 annotations and a 65 536-character summary are refused', async () => {
    const token = await installationToken();
    const annotation = { path: 'workflows/a/workflow.ts', start_line: 1, end_line: 1, annotation_level: 'failure', message: 'x' };
    const post = (body: unknown) =>
      fetch(`${gh.url}/repos/acme/flows/check-runs`, { method: 'POST', headers: { authorization: `token ${token}` }, body: JSON.stringify(body) });
    const tooMany = await post({ name: 'flowops', head_sha: 'abc', output: { title: 't', summary: 's', annotations: Array(51).fill(annotation) } });
    expect(tooMany.status).toBe(422);
    expect(((await tooMany.json()) as { message: string }).message).toMatch(/annotations must NOT have more than 50 items/);
    const tooLong = await post({ name: 'flowops', head_sha: 'abc', output: { title: 't', summary: 'x'.repeat(65_536) } });
    expect(tooLong.status).toBe(422);
    const fine = await post({ name: 'flowops', head_sha: 'abc', output: { title: 't', summary: 'x'.repeat(65_535), annotations: Array(50).fill(annotation) } });
    expect(fine.status).toBe(201);
    const badReaction = await fetch(`${gh.url}/repos/acme/flows/issues/comments/1/reactions`, {
      method: 'POST',
      headers: { authorization: `token ${token}` },
      body: JSON.stringify({ content: 'eyes-open' }),
    });
    expect(badReaction.status).toBe(422);
    const longComment = await fetch(`${gh.url}/repos/acme/flows/issues/12/comments`, {
      method: 'POST',
      headers: { authorization: `token ${token}` },
      body: JSON.stringify({ body: 'x'.repeat(65_537) }),
    });
    expect(longComment.status).toBe(422);
  });

  it('refuses bad JWTs: wrong key, wrong iss, exp more than 10 minutes ahead, expired', async () => {
    const now = Math.floor(Date.now() / 1000);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const cases = [
      jwt({ iss: gh.appId, iat: now - 30, exp: now + 540 }, other),
      jwt({ iss: '999', iat: now - 30, exp: now + 540 }, gh.privateKeyPem!),
      jwt({ iss: gh.appId, iat: now - 30, exp: now + 900 }, gh.privateKeyPem!),
      jwt({ iss: gh.appId, iat: now - 700, exp: now - 100 }, gh.privateKeyPem!),
      'not-a-jwt',
    ];
    for (const token of cases) {
      const res = await fetch(`${gh.url}/app/installations/7/access_tokens`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
    }
  });

  it('requires an installation token on repository calls (a JWT or a made-up token is refused)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const appJwt = jwt({ iss: gh.appId, iat: now - 30, exp: now + 540 }, gh.privateKeyPem!);
    for (const auth of [`Bearer ${appJwt}`, 'token ghs_madeup', '']) {
      const res = await fetch(`${gh.url}/repos/acme/flows/issues/12/comments`, { method: 'POST', headers: { authorization: auth }, body: '{"body":"x"}' });
      expect(res.status).toBe(401);
    }
  });

  it('injects faults for retry tests', async () => {
    const token = await installationToken();
    gh.failNext('issues/list-comments', 502);
    const first = await fetch(`${gh.url}/repos/acme/flows/issues/12/comments`, { headers: { authorization: `token ${token}` } });
    const second = await fetch(`${gh.url}/repos/acme/flows/issues/12/comments`, { headers: { authorization: `token ${token}` } });
    expect([first.status, second.status]).toEqual([502, 200]);
  });
});
