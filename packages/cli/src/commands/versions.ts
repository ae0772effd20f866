/**
 * `flowops versions <workflow> --env <env>`: published versions and their activation events.
 * @module
 */
import { FlowError } from '@flowops/core';
import type { RegistrySummary } from '@flowops/runtime';
import { FORMAT_OPTIONS, formatOf, parse, usageError } from '../args';
import { findRepoRoot } from '../config';
import { envName, withSession } from '../gitops/context';

export const name = 'versions';
export const summary = 'List the published versions of a workflow and its activation history';
/** `--format` values (the first is the default; `--json` is `--format json`). */
export const formats = ['pretty', 'json'] as const;
export const usage = `flowops versions <workflow> --env <env> [--format pretty|json] [--json]`;

export function renderVersions(s: RegistrySummary): string {
  const out = [`${s.name}: active ${s.active ?? '(none — deactivated)'}`, ''];
  for (const v of [...s.versions].reverse()) {
    const mark = v.version === s.active ? '*' : ' ';
    out.push(`${mark} ${v.version.padEnd(12)} ${v.hash.slice(0, 19)}  ${v.publishedAt}  ${v.actor} (${v.source}${v.gitSha ? ` ${v.gitSha.slice(0, 7)}` : ''})`);
  }
  out.push('', `events (last ${s.audit.length} of ${s.auditTotal}):`);
  for (const e of [...s.audit].reverse()) {
    out.push(
      `  #${e.seq} ${e.at}  ${e.kind.padEnd(10)} ${(e.version ?? '').padEnd(12)} ${e.actor} (${e.source}${e.gitSha ? ` ${e.gitSha.slice(0, 7)}` : ''})${e.note ? ` — ${e.note}` : ''}`,
    );
  }
  return `${out.join('\n')}\n`;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { env: { type: 'string' }, ...FORMAT_OPTIONS, help: { type: 'boolean', short: 'h' } }, usage);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const format = formatOf(values, formats, usage);
  const workflow = positionals[0];
  if (!workflow) throw usageError('name the workflow', usage);
  const root = findRepoRoot();
  // The summary is read from the registry workflow's history: no worker needed.
  const summary = await withSession(envName(values.env), root, (session) => session.registry.summary(workflow));
  if (!summary) {
    throw new FlowError({
      code: 'FLOW_UNKNOWN_WORKFLOW',
      message: `${workflow} has never been published to ${envName(values.env)}`,
      hint: 'check the name, or publish it with `flowops publish`',
    });
  }
  process.stdout.write(format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : renderVersions(summary));
  return 0;
}
