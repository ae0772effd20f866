/**
 * The `/flowops …` comment language. Pure and total (never throws; runs inside workflows too):
 * lines that start with `/flowops` (up to three spaces of indent, as Markdown allows) outside
 * fenced or indented code blocks become commands. Arguments are tokenised with shell-like quoting
 * but never reach a shell. Input names never reach a prototype: `__proto__`, `prototype` and
 * `constructor` segments make the command invalid (`inputPath` in @flowops/core).
 *
 *     /flowops run <workflow> [--env <env>] [key=value …]
 *     /flowops dry-run <workflow> [--env <env>] [key=value …]
 *     /flowops plan [--env <env>]
 *     /flowops skip <run-id> <step> --reason "<why>" [--env <env>]
 *     /flowops approve-policy <set>
 *     /flowops help
 * @module
 */
import { formatIssue, inputPath } from '@flowops/core';

export type ParsedCommand =
  | { kind: 'run' | 'dry-run'; workflow: string; env: string | undefined; args: Record<string, string>; line: string }
  | { kind: 'plan'; env: string | undefined; line: string }
  | { kind: 'skip'; runId: string; step: string; reason: string; env: string | undefined; line: string }
  | { kind: 'approve-policy'; set: string; line: string }
  | { kind: 'help'; line: string }
  | { kind: 'invalid'; line: string; error: string };

/** At most this many commands are taken from one comment. */
export const MAX_COMMANDS = 5;
const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const KEY = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const USAGE =
  'usage: /flowops run <workflow> [--env <env>] [key=value …] | dry-run <workflow> … | plan [--env <env>] | skip <run-id> <step> --reason "<why>" [--env <env>] | approve-policy <set> | help';
/** A run's workflow id (`flowops-<name>-<hash>-<id>`, or any Temporal id of safe characters). */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;
/** A step key: an id, inside forEach iterations `each[2].load`, or a checkpoint `load:checkpoint`. */
const STEP_KEY = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:\[\d{1,6}\]\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*)*(?::checkpoint)?$/;

function parseSkip(rest: string[], line: string): ParsedCommand {
  const positional: string[] = [];
  let env: string | undefined;
  let reason: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const tok = rest[i]!;
    const flag = /^--(env|reason)(?:=(.*))?$/s.exec(tok);
    if (flag) {
      const value = flag[2] ?? rest[++i];
      if (flag[1] === 'env') {
        if (!value || !NAME.test(value)) return { kind: 'invalid', line, error: '--env needs an environment name, e.g. --env staging' };
        env = value;
      } else {
        if (!value?.trim()) return { kind: 'invalid', line, error: 'skip needs --reason "<why skipping is safe>" (it is recorded on the step)' };
        reason = value.trim().slice(0, 500);
      }
      continue;
    }
    if (tok.startsWith('-')) return { kind: 'invalid', line, error: `unknown option "${tok}"; ${USAGE}` };
    positional.push(tok);
  }
  const [runId, step, ...extra] = positional;
  if (!runId || !step || extra.length > 0) return { kind: 'invalid', line, error: `skip takes a run id and a step; ${USAGE}` };
  if (!RUN_ID.test(runId)) return { kind: 'invalid', line, error: `"${runId.slice(0, 80)}" is not a run id (the workflow id \`flowops run\` printed)` };
  if (!STEP_KEY.test(step)) return { kind: 'invalid', line, error: `"${step.slice(0, 80)}" is not a step id (kebab-case, e.g. "load" or "each[2].load")` };
  if (reason === undefined) return { kind: 'invalid', line, error: 'skip needs --reason "<why skipping is safe>" (it is recorded on the step)' };
  return { kind: 'skip', runId, step, reason, env, line };
}

/** Split into words with '…' and "…" quoting (backslash escapes inside double quotes). */
export function tokenize(text: string): { ok: true; tokens: string[] } | { ok: false; error: string } {
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length && /["\\]/.test(text[i + 1]!)) current += text[++i];
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inToken = true;
    } else if (/\s/.test(ch)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (quote) return { ok: false, error: `unterminated ${quote} quote` };
  if (inToken) tokens.push(current);
  return { ok: true, tokens };
}

function parseRun(kind: 'run' | 'dry-run', rest: string[], line: string): ParsedCommand {
  const [workflow, ...more] = rest;
  if (!workflow || workflow.startsWith('-')) return { kind: 'invalid', line, error: `${kind} needs a workflow name; ${USAGE}` };
  if (!NAME.test(workflow)) return { kind: 'invalid', line, error: `"${workflow}" is not a workflow name (kebab-case, e.g. "deploy-service")` };
  let env: string | undefined;
  const args: Record<string, string> = {};
  for (let i = 0; i < more.length; i++) {
    const tok = more[i]!;
    if (tok === '--env' || tok.startsWith('--env=')) {
      const value = tok === '--env' ? more[++i] : tok.slice('--env='.length);
      if (!value || !NAME.test(value)) return { kind: 'invalid', line, error: '--env needs an environment name, e.g. --env staging' };
      if (env !== undefined) return { kind: 'invalid', line, error: '--env is given twice' };
      env = value;
      continue;
    }
    if (tok.startsWith('-')) return { kind: 'invalid', line, error: `unknown option "${tok}"; ${USAGE}` };
    const eq = tok.indexOf('=');
    if (eq <= 0) return { kind: 'invalid', line, error: `"${tok}" is not key=value` };
    const key = tok.slice(0, eq);
    if (!KEY.test(key)) return { kind: 'invalid', line, error: `"${key}" is not an input name` };
    const path = inputPath(key);
    if (!path.ok) return { kind: 'invalid', line, error: formatIssue(path.issues[0]!) };
    if (Object.hasOwn(args, key)) return { kind: 'invalid', line, error: `input "${key}" is given twice` };
    args[key] = tok.slice(eq + 1);
  }
  return { kind, workflow, env, args, line };
}

function parseLine(line: string): ParsedCommand {
  const tokens = tokenize(line.trim());
  if (!tokens.ok) return { kind: 'invalid', line, error: tokens.error };
  const [, verb, ...rest] = tokens.tokens;
  switch (verb) {
    case 'run':
    case 'dry-run':
      return parseRun(verb, rest, line);
    case 'plan': {
      if (rest.length === 0) return { kind: 'plan', env: undefined, line };
      const env = rest[0] === '--env' ? rest[1] : rest[0]?.startsWith('--env=') ? rest[0].slice(6) : undefined;
      const used = rest[0] === '--env' ? 2 : 1;
      if (!env || !NAME.test(env) || rest.length > used) return { kind: 'invalid', line, error: `plan takes only --env <env>; ${USAGE}` };
      return { kind: 'plan', env, line };
    }
    case 'skip':
      return parseSkip(rest, line);
    case 'approve-policy': {
      const [set, ...extra] = rest;
      if (!set || extra.length > 0) return { kind: 'invalid', line, error: `approve-policy takes one policy set name; ${USAGE}` };
      if (!NAME.test(set)) return { kind: 'invalid', line, error: `"${set.slice(0, 80)}" is not a policy set name (kebab-case, e.g. "production-safety")` };
      return { kind: 'approve-policy', set, line };
    }
    case 'help':
    case undefined:
      return rest.length === 0 ? { kind: 'help', line } : { kind: 'invalid', line, error: `help takes no arguments; ${USAGE}` };
    default:
      return { kind: 'invalid', line, error: `unknown command "${verb}"; ${USAGE}` };
  }
}

/** Every `/flowops` command in a comment body, in order (at most MAX_COMMANDS). */
export function parseCommands(body: string): ParsedCommand[] {
  const out: ParsedCommand[] = [];
  let fence: string | undefined;
  const lines = typeof body === 'string' ? body.split(/\r?\n/) : [];
  for (const raw of lines) {
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(raw);
    if (fenceMatch) {
      const marker = fenceMatch[1]!;
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length && raw.trim() === marker) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const m = /^ {0,3}\/flowops(?=\s|$)(.*)$/.exec(raw);
    if (!m) continue;
    out.push(parseLine(`/flowops${m[1]}`));
    if (out.length === MAX_COMMANDS) break;
  }
  return out;
}
