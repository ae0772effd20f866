/**
 * The App's configuration from environment variables. Secrets (private key, webhook secret)
 * are read here and never logged.
 * @module
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type FlowIssue, type Result, fail, ok } from '@flowops/core';
import { ACK_MODES, type AckMode } from './server/intake';

export const SYSTEM_TASK_QUEUE = 'flowops-github';
/** GitHub caps webhook payloads at 25 MB. */
export const DEFAULT_MAX_BODY_BYTES = 25 * 1024 * 1024;

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
  /**
   * Clone URL template for definitions at a commit; `{owner}`, `{repo}` and `{token}` are
   * replaced (default: https://x-access-token:{token}@github.com/{owner}/{repo}.git).
   */
  cloneUrl: string;
  /**
   * When a webhook is answered 202: `journal` — once fdatasync'ed to the intake journal in
   * `journalDir` (the pump starts it in Temporal); `temporal` — once Temporal accepted the start.
   * Absent: `temporal` (embedders and tests); `flowops app` defaults to `journal`.
   */
  ack?: AckMode;
  /** Directory of the intake journal (`journal` ack mode); one App process per directory. */
  journalDir?: string;
}

/** `$FLOWOPS_APP_JOURNAL_DIR`, else `<state dir>/github-app/journal` (`$FLOWOPS_STATE_DIR`, `$XDG_STATE_HOME/flowops`, `~/.local/state/flowops`). */
export function defaultJournalDir(vars: Record<string, string | undefined>): string {
  if (vars.FLOWOPS_APP_JOURNAL_DIR) return vars.FLOWOPS_APP_JOURNAL_DIR;
  const state = vars.FLOWOPS_STATE_DIR ?? join(vars.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'flowops');
  return join(state, 'github-app', 'journal');
}

export function loadAppConfig(vars: Record<string, string | undefined>, overrides: { port?: number | undefined; ack?: string | undefined } = {}): Result<AppConfig> {
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
      issues.push({ code: 'FLOW_CONFIG_INVALID', message: `cannot read $FLOWOPS_GITHUB_PRIVATE_KEY_PATH (${vars.FLOWOPS_GITHUB_PRIVATE_KEY_PATH})`, hint: 'point it at the .pem file downloaded from the App settings' });
    }
  } else if (!privateKey) {
    issues.push({ code: 'FLOW_ENV_VAR_MISSING', message: 'neither $FLOWOPS_GITHUB_PRIVATE_KEY nor $FLOWOPS_GITHUB_PRIVATE_KEY_PATH is set', hint: 'export FLOWOPS_GITHUB_PRIVATE_KEY_PATH=/path/to/app.private-key.pem' });
  }
  // Keys pasted into env vars often carry literal "\n".
  privateKey = privateKey.replace(/\\n/g, '\n');
  if (appId && !/^\d+$/.test(appId)) issues.push({ code: 'FLOW_CONFIG_INVALID', message: `$FLOWOPS_GITHUB_APP_ID must be the numeric App id, got "${appId}"`, hint: 'copy "App ID" from the App settings page' });
  const portText = overrides.port ?? vars.PORT ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) issues.push({ code: 'FLOW_USAGE', message: `port "${portText}" is not a TCP port`, hint: 'use --port 3000' });
  const ack = overrides.ack ?? vars.FLOWOPS_APP_ACK ?? 'journal';
  if (!ACK_MODES.includes(ack as AckMode)) issues.push({ code: 'FLOW_USAGE', message: `ack mode "${ack}" is not one of ${ACK_MODES.join(', ')}`, hint: 'use --ack journal (202 once on disk) or --ack temporal (202 once Temporal accepted)' });
  if (issues.length > 0) return fail(...issues);
  return ok({
    appId,
    privateKey,
    webhookSecret,
    apiUrl: (vars.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
    port,
    environment: vars.FLOWOPS_ENV ?? 'local',
    taskQueue: vars.FLOWOPS_GITHUB_TASK_QUEUE ?? SYSTEM_TASK_QUEUE,
    maxBodyBytes: Number(vars.FLOWOPS_WEBHOOK_MAX_BYTES ?? DEFAULT_MAX_BODY_BYTES),
    cloneUrl: vars.FLOWOPS_GITHUB_CLONE_URL ?? 'https://x-access-token:{token}@github.com/{owner}/{repo}.git',
    ack: ack as AckMode,
    journalDir: defaultJournalDir(vars),
  });
}
