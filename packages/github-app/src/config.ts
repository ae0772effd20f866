/**
 * The App's configuration from environment variables. Secrets (private key, webhook secret)
 * are read here and never logged.
 * @module
 */
import { readFileSync } from 'node:fs';
import { type FlowIssue, type Result, fail, ok } from '@flowops/core';

export const SYSTEM_TASK_QUEUE = 'flowops-github';
/** Webhook bodies above this are refused with 413 (GitHub caps payloads at 25 MB; the App's events are far smaller). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Connections the webhook server holds at once (more wait in the kernel's backlog). */
export const DEFAULT_MAX_CONNECTIONS = 256;

export interface AppConfig {
  appId: string;
  privateKey: string;
  webhookSecret: string;
  /** REST base URL (GitHub Enterprise Server: https://HOST/api/v3). */
  apiUrl: string;
  port: number;
  /** The flowops environment whose Temporal cluster runs the App's system workflows. */
  environment: string;
  taskQueue: string;
  maxBodyBytes: number;
  /** Connections the webhook server holds at once (`FLOWOPS_APP_MAX_CONNECTIONS`, default 256). */
  maxConnections?: number;
  /**
   * Clone URL template for definitions at a commit; `{owner}`, `{repo}` and `{token}` are
   * replaced (default: https://x-access-token:{token}@github.com/{owner}/{repo}.git).
   */
  cloneUrl: string;
}

function positiveInteger(vars: Record<string, string | undefined>, name: string, fallback: number, issues: FlowIssue[]): number {
  const text = vars[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (Number.isInteger(n) && n > 0) return n;
  issues.push({
    code: 'FLOW_CONFIG_INVALID',
    message: `$${name} must be a positive integer, got "${text}"`,
    hint: `unset it (default ${fallback}) or set a whole number`,
  });
  return fallback;
}

/** The App's configuration from `vars`; every problem is reported at once, each with a code. */
export function loadAppConfig(vars: Record<string, string | undefined>, overrides: { port?: number | undefined } = {}): Result<AppConfig> {
  const issues: FlowIssue[] = [];
  const need = (name: string): string => {
    const v = vars[name];
    if (!v) issues.push({ code: 'FLOW_ENV_VAR_MISSING', message: `$${name} is not set`, hint: `export ${name}=… (see the README section "GitHub App")` });
    return v ?? '';
  };
  const appId = need('FLOWOPS_GITHUB_APP_ID');
  const webhookSecret = need('FLOWOPS_WEBHOOK_SECRET');
  let privateKey = vars.FLOWOPS_GITHUB_PRIVATE_KEY ?? '';
  if (!privateKey && vars.FLOWOPS_GITHUB_PRIVATE_KEY_PATH) {
    try {
      privateKey = readFileSync(vars.FLOWOPS_GITHUB_PRIVATE_KEY_PATH, 'utf8');
    } catch {
      issues.push({
        code: 'FLOW_CONFIG_INVALID',
        message: `cannot read $FLOWOPS_GITHUB_PRIVATE_KEY_PATH (${vars.FLOWOPS_GITHUB_PRIVATE_KEY_PATH})`,
        hint: 'point it at the .pem file downloaded from the App settings',
      });
    }
  } else if (!privateKey) {
    issues.push({
      code: 'FLOW_ENV_VAR_MISSING',
      message: 'neither $FLOWOPS_GITHUB_PRIVATE_KEY nor $FLOWOPS_GITHUB_PRIVATE_KEY_PATH is set',
      hint: 'export FLOWOPS_GITHUB_PRIVATE_KEY_PATH=/path/to/app.private-key.pem',
    });
  }
  // Keys pasted into env vars often carry literal "\n".
  privateKey = privateKey.replace(/\\n/g, '\n');
  if (appId && !/^\d+$/.test(appId))
    issues.push({
      code: 'FLOW_CONFIG_INVALID',
      message: `$FLOWOPS_GITHUB_APP_ID must be the numeric App id, got "${appId}"`,
      hint: 'copy "App ID" from the App settings page',
    });
  const portText = overrides.port ?? vars.PORT ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    issues.push({ code: 'FLOW_USAGE', message: `port "${portText}" is not a TCP port`, hint: 'use --port 3000' });
  const maxBodyBytes = positiveInteger(vars, 'FLOWOPS_WEBHOOK_MAX_BYTES', DEFAULT_MAX_BODY_BYTES, issues);
  const maxConnections = positiveInteger(vars, 'FLOWOPS_APP_MAX_CONNECTIONS', DEFAULT_MAX_CONNECTIONS, issues);
  if (issues.length > 0) return fail(...issues);
  return ok({
    appId,
    privateKey,
    webhookSecret,
    apiUrl: (vars.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
    port,
    environment: vars.FLOWOPS_ENV ?? 'local',
    taskQueue: vars.FLOWOPS_GITHUB_TASK_QUEUE ?? SYSTEM_TASK_QUEUE,
    maxBodyBytes,
    maxConnections,
    cloneUrl: vars.FLOWOPS_GITHUB_CLONE_URL ?? 'https://x-access-token:{token}@github.com/{owner}/{repo}.git',
  });
}
