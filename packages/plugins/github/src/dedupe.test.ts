import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ActionContext } from '@flowops/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CreateCommentInput, CreateIssueInput } from './contract';
import { idempotencyMarker } from './dedupe';
import { implementation } from './worker';

const KEY = 'b'.repeat(32);
const ctx = (attempt: number): ActionContext => ({
  workflowId: 'wf',
  runId: 'r',
  stepId: 's',
  attempt,
  dryRun: false,
  signal: new AbortController().signal,
  log: () => {},
  heartbeat: () => {},
  idempotencyKey: KEY,
});

/** A tiny GitHub: issues and comments stored in memory, so a retried attempt can find its earlier write. */
const issues: Array<{ id: number; number: number; body: string; html_url: string }> = [];
const comments: Array<{ id: number; body: string; html_url: string }> = [];
let posts = 0;
let server: Server;
let baseUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      const path = (req.url ?? '').split('?')[0];
      if (req.method === 'POST' && path === '/repos/acme/api/issues') {
        posts++;
        const n = issues.length + 1;
        const issue = { id: 100 + n, number: n, body: JSON.parse(raw).body, html_url: `https://gh.test/acme/api/issues/${n}` };
        issues.unshift(issue);
        return json(201, issue);
      }
      if (req.method === 'GET' && path === '/repos/acme/api/issues') return json(200, issues);
      if (req.method === 'POST' && path === '/repos/acme/api/issues/7/comments') {
        posts++;
        const c = { id: 500 + comments.length, body: JSON.parse(raw).body, html_url: `https://gh.test/c/${comments.length}` };
        comments.push(c);
        return json(201, c);
      }
      if (req.method === 'GET' && path === '/repos/acme/api/issues/7/comments') return json(200, comments);
      return json(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('github idempotency', () => {
  test('an issue carries the key; a retried attempt finds it instead of opening a second one', async () => {
    const input = CreateIssueInput.parse({ owner: 'acme', repo: 'api', token: 't', baseUrl, title: 'Deploy failed', body: 'details' });
    const first = await implementation.handlers.createIssue.run(input, ctx(1));
    expect(issues[0]!.body).toBe(`details\n\n${idempotencyMarker(KEY)}`);
    const again = await implementation.handlers.createIssue.run(input, ctx(2));
    expect(again).toEqual(first);
    expect(posts).toBe(1);
  });
  test('a comment carries the key; a retried attempt finds it', async () => {
    posts = 0;
    const input = CreateCommentInput.parse({ owner: 'acme', repo: 'api', token: 't', baseUrl, issueNumber: 7, body: 'Deployed' });
    const first = await implementation.handlers.createComment.run(input, ctx(1));
    const again = await implementation.handlers.createComment.run(input, ctx(3));
    expect(again).toEqual(first);
    expect(posts).toBe(1);
    expect(comments[0]!.body).toContain(idempotencyMarker(KEY));
  });
});
