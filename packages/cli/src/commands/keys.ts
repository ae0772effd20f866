/**
 * `flowops keys create|list|revoke|rotate <workflow> --env <env>`: webhook keys of a workflow.
 * A new key is printed exactly once; the cluster keeps only its SHA-256 hash, prefix, creator and
 * times (the workflow's keys system workflow), so a lost key is revoked and replaced, never shown again.
 * @module
 */
import { FlowError, ID_PATTERN, type Result } from '@flowops/core';
import { changeMeta } from '@flowops/gitops';
import { type KeyView, WebhookKeys } from '@flowops/runtime';
import { FORMAT_OPTIONS, formatOf, parse, usageError } from '../args';
import { findRepoRoot } from '../config';
import { envName, withSession } from '../gitops/context';

export const name = 'keys';
export const summary = 'Create, list, rotate and revoke the webhook keys of a workflow';
/** `--format` values (the first is the default; `--json` is `--format json`). */
export const formats = ['pretty', 'json'] as const;
export const usage = `flowops keys create <workflow> --env <env> [--format pretty|json] [--json]
       flowops keys list <workflow> --env <env> [--format pretty|json] [--json]
       flowops keys revoke <workflow> <prefix> --env <env> [--format pretty|json] [--json]
       flowops keys rotate <workflow> <prefix> --env <env> [--format pretty|json] [--json]

  create prints a new key (flk_…) exactly once: store it in the calling system's secret store.
  The cluster keeps only its SHA-256 hash, its prefix, who created it and when.
  list shows prefixes, creator, creation, last use and revocation; revoke stops a key at once
  (the gateway answers 401); rotate creates a new key and then revokes <prefix>.
  Callers send the key to \`flowops gateway\`: POST /hooks/<workflow> with "Authorization: Bearer <key>".`;

const VERBS = ['create', 'list', 'revoke', 'rotate'] as const;

function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new FlowError(r.issues[0]!, r.issues.slice(1));
  return r.value;
}

/** The table of `keys list`. */
export function renderKeys(workflow: string, env: string, keys: KeyView[]): string {
  if (keys.length === 0) return `${workflow} has no webhook keys on ${env} (create one: flowops keys create ${workflow} --env ${env})\n`;
  const rows = keys.map((k) => [k.prefix, k.revokedAt ? 'revoked' : 'active', k.creator, k.createdAt, k.lastUsedAt ?? 'never', k.revokedAt ?? '']);
  const head = ['PREFIX', 'STATE', 'CREATOR', 'CREATED', 'LAST USE', 'REVOKED'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}

function renderCreated(workflow: string, env: string, key: string, k: KeyView): string {
  return [
    `Created webhook key ${k.prefix} for ${workflow} on ${env} (by ${k.creator}, ${k.createdAt}):`,
    '',
    `  ${key}`,
    '',
    'This is the only time the key is shown: store it in the calling system now.',
    `Use it: POST <gateway>/hooks/${workflow} with "Authorization: Bearer <key>" and a JSON body.`,
    '',
  ].join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { env: { type: 'string' }, ...FORMAT_OPTIONS, help: { type: 'boolean', short: 'h' } }, usage);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const format = formatOf(values, formats, usage);
  const [verb, workflow, prefix] = positionals;
  if (!verb || !(VERBS as readonly string[]).includes(verb)) throw usageError(`name what to do: ${VERBS.join(', ')}`, usage);
  if (!workflow) throw usageError('name the workflow', usage);
  if (!ID_PATTERN.test(workflow)) throw usageError(`"${workflow}" is not a workflow name (kebab-case, e.g. deploy-service)`, usage);
  if ((verb === 'revoke' || verb === 'rotate') && !prefix)
    throw usageError(`name the key to ${verb} by its prefix (flk_…, see \`flowops keys list ${workflow}\`)`, usage);
  if ((verb === 'create' || verb === 'list') && prefix) throw usageError(`unexpected argument "${prefix}"`, usage);
  const env = envName(values.env);
  const root = findRepoRoot();
  const actor = changeMeta(root, undefined).actor;
  const json = (v: unknown) => process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
  return withSession(env, root, async (session) => {
    const keys = new WebhookKeys(session.client, { systemTaskQueue: session.systemTaskQueue });
    if (verb === 'list') {
      const list = await keys.list(workflow);
      if (format === 'json') json({ workflow, env, keys: list });
      else process.stdout.write(renderKeys(workflow, env, list));
      return 0;
    }
    await session.ensureSystemWorker();
    if (verb === 'revoke') {
      const record = unwrap(await keys.revoke(workflow, prefix!, actor));
      if (format === 'json') json({ workflow, env, revoked: record });
      else process.stdout.write(`Revoked ${record.prefix} of ${workflow} on ${env} (${record.revokedAt}): the gateway now answers 401 to it.\n`);
      return 0;
    }
    if (verb === 'rotate' && !(await keys.list(workflow)).some((k) => k.prefix === prefix && !k.revokedAt)) {
      unwrap(await keys.revoke(workflow, prefix!, actor)); // unknown prefix: FLOW_KEY_UNKNOWN before a key is made
      throw new FlowError({
        code: 'FLOW_KEY_UNKNOWN',
        message: `${prefix} of ${workflow} is already revoked`,
        hint: `create a new key with \`flowops keys create ${workflow} --env ${env}\``,
      });
    }
    if (!(await session.registry.index(workflow))) {
      process.stderr.write(`flowops keys: note: ${workflow} is not published on ${env} yet; the gateway answers 404 until it is\n`);
    }
    const created = unwrap(await keys.create(workflow, actor));
    const revoked = verb === 'rotate' ? unwrap(await keys.revoke(workflow, prefix!, actor)) : undefined;
    if (format === 'json') json({ workflow, env, key: created.key, ...created.record, ...(revoked ? { revoked } : {}) });
    else {
      process.stdout.write(renderCreated(workflow, env, created.key, created.record));
      if (revoked) process.stdout.write(`Revoked ${revoked.prefix} (${revoked.revokedAt}).\n`);
    }
    return 0;
  });
}

export default { name, summary, usage, formats, run };
