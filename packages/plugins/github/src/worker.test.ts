import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ActionContext } from '@flowops/sdk';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateIssueInput, DispatchWorkflowInput, GetPullRequestInput } from './contract';
import { implementation, rateLimitDelay, webBase } from './worker';

const ctx: ActionContext = {
  workflowId: 'wf',
  runId: 'r',
  stepId: 's',
  attempt: 1,
  dryRun: false,
  signal: new AbortController().signal,
  log: () => {},
  heartbeat: () => {},
  idempotencyKey: 'k'.repeat(32),
};
const TOKEN = 'ghs_testtoken123';
const requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: unknown }> = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: raw ? JSON.parse(raw) : null });
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `token ${TOKEN}`) return json(401, { message: 'Bad credentials' });
      const key = `${req.method} ${req.url}`;
      if (key === 'POST /api/v3/repos/acme/api/issues') return json(201, { id: 11, number: 42, html_url: 'https://ghe.test/acme/api/issues/42' });
      if (key === 'GET /api/v3/repos/acme/api/pulls/7')
        return json(200, {
          number: 7,
          title: 'Bump',
          state: 'open',
          merged: false,
          draft: true,
          user: { login: 'ada' },
          head: { ref: 'feat', sha: 'abc123' },
          base: { ref: 'main' },
          labels: [{ name: 'deploy' }],
          html_url: 'https://ghe.test/acme/api/pull/7',
        });
      if (key === 'POST /api/v3/repos/acme/api/actions/workflows/deploy.yml/dispatches') {
        res.writeHead(204);
        return res.end();
      }
      if (key === 'GET /api/v3/repos/acme/api/pulls/8')
        return json(
          403,
          { message: 'API rate limit exceeded' },
          { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 120) },
        );
      return json(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const repo = () => ({ owner: 'acme', repo: 'api', token: TOKEN, baseUrl });

describe('github plugin', () => {
  it('creates an issue through baseUrl with the token', async () => {
    const out = await implementation.handlers.createIssue.run(CreateIssueInput.parse({ ...repo(), title: 'Incident 9', labels: ['sev1'] }), ctx);
    expect(out).toEqual({ id: 11, number: 42, url: 'https://ghe.test/acme/api/issues/42' });
    expect(requests.at(-1)?.body).toEqual({ title: 'Incident 9', labels: ['sev1'], body: `<!-- flowops:idempotency-key=${'k'.repeat(32)} -->` });
  });

  it('reads a pull request into the contract shape', async () => {
    const out = await implementation.handlers.getPullRequest.run(GetPullRequestInput.parse({ ...repo(), pullNumber: 7 }), ctx);
    expect(out).toEqual({
      number: 7,
      title: 'Bump',
      state: 'open',
      merged: false,
      draft: true,
      author: 'ada',
      headRef: 'feat',
      headSha: 'abc123',
      baseRef: 'main',
      labels: ['deploy'],
      url: 'https://ghe.test/acme/api/pull/7',
    });
  });

  it('dispatches a workflow with string inputs', async () => {
    const out = await implementation.handlers.dispatchWorkflow.run(
      DispatchWorkflowInput.parse({ ...repo(), workflowId: 'deploy.yml', ref: 'main', inputs: { version: 2, dry: false } }),
      ctx,
    );
    expect(out).toEqual({ dispatched: true });
    expect(requests.at(-1)?.body).toEqual({ ref: 'main', inputs: { version: '2', dry: 'false' } });
  });

  it('maps errors: 404/401 are final, rate limits retry after the reset, the token never shows', async () => {
    const fail = (pullNumber: number, token = TOKEN): Promise<ApplicationFailure> =>
      implementation.handlers.getPullRequest.run(GetPullRequestInput.parse({ ...repo(), token, pullNumber }), ctx).then(
        () => {
          throw new Error('expected a failure');
        },
        (e: unknown) => e as ApplicationFailure,
      );
    const notFound = await fail(99);
    expect(notFound).toBeInstanceOf(ApplicationFailure);
    expect(notFound).toMatchObject({ type: 'FLOW_PLUGIN_ERROR', nonRetryable: true });
    expect(notFound.message).toContain('answered 404: Not Found');
    const badToken = await fail(7, 'ghs_wrong-token-xyz');
    expect(badToken.message).toContain('401');
    expect(badToken.message).not.toContain('ghs_wrong-token-xyz');
    const limited = await fail(8);
    expect(limited.nonRetryable).toBe(false);
    expect(limited.nextRetryDelay).toBeGreaterThan(100_000);
    expect(limited.nextRetryDelay).toBeLessThanOrEqual(120_000);
  });

  it('simulates writes in a dry-run without requests', async () => {
    const before = requests.length;
    const out = await implementation.handlers.createIssue.dryRun!(CreateIssueInput.parse({ ...repo(), title: 't' }), { ...ctx, dryRun: true });
    expect(out).toEqual({ id: 0, number: 0, url: `${baseUrl.replace('/api/v3', '')}/acme/api/issues` });
    expect(requests.length).toBe(before);
    expect(implementation.handlers.getPullRequest.dryRun).toBeUndefined();
  });

  it('computes rate-limit delays and web URLs', () => {
    expect(rateLimitDelay(429, { 'retry-after': '5' })).toBe(5_000);
    expect(rateLimitDelay(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '100' }, 40_000)).toBe(60_000);
    expect(rateLimitDelay(403, {})).toBeUndefined();
    expect(webBase('https://ghe.example.com/api/v3/')).toBe('https://ghe.example.com');
    expect(webBase(undefined)).toBe('https://github.com');
  });
});
