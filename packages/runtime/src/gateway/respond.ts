/**
 * JSON answers of the gateway: `{ error: "what happened — To fix: …", code, issues? }` for
 * refusals (the GitHub App's webhook server answers the same way).
 * @module
 */
import type { ServerResponse } from 'node:http';
import { type FlowIssue, formatIssue } from '@flowops/core';

/** Writes `body` as JSON with `status` (once). */
export function reply(res: ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** A refusal: the first issue's text and code, every issue listed when there are several. */
export function refuse(res: ServerResponse, status: number, issues: FlowIssue[], headers: Record<string, string> = {}): void {
  const [first] = issues;
  if (!first) {
    reply(res, status, { error: 'refused', code: 'FLOW_INTERNAL' }, headers);
    return;
  }
  const body: Record<string, unknown> = { error: formatIssue(first), code: first.code };
  if (issues.length > 1 || first.path !== undefined) body.issues = issues.map((i) => ({ code: i.code, message: i.message, hint: i.hint, path: i.path }));
  reply(res, status, body, headers);
}
