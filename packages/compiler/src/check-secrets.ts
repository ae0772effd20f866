/**
 * Secrets in a definition, by value and by flow (never by key name alone):
 * - a value shaped like a secret (a GitHub token, a URL with a password, a high-entropy
 *   string, … see secret-shapes.ts) is FLOW_HARDCODED_SECRET wherever it is;
 * - a literal in a field the plugin marks sensitive is FLOW_HARDCODED_SECRET;
 * - an `env()` value or a workflow input reaching a credential field (secret-flow.ts) is
 *   FLOW_CREDENTIAL_NOT_SECRET.
 * Messages say what kind of secret it looks like, never the value (at most a ≤ 4-character public
 * prefix such as `ghp_`); hints name the plugin's documented secret, else a neutral `NAME`.
 * @module
 */
import type { Workflow } from '@flowops/core';
import type { ActionContract } from '@flowops/sdk';
import type { Catalog } from './catalog';
import { lookupAction } from './check-plugins';
import type { Report } from './context';
import type { IrPath } from './locator';
import { type CredentialField, credentialFieldAt, dataSource, splitValue } from './secret-flow';
import { detectSecretShape } from './secret-shapes';
import { walkWithPaths } from './walk';

/** Where a value sits: the step (if any), the action it is given to (if known) and its `with`. */
interface Site {
  step?: string | undefined;
  /** `github.createIssue`, for messages. */
  actionName?: string | undefined;
  action?: ActionContract | undefined;
  /** Whether credential fields are looked for (a step's `with`; not outputs or trigger inputs). */
  flow: boolean;
}

const where = (path: IrPath) => path.filter((s) => typeof s === 'string' && s !== 'steps').join('.');

const secretHint = (name: string, rotate: boolean) =>
  `use secret('${name}') (in YAML "{{ secret.${name} }}") and give workers the value as FLOWOPS_SECRET_${name}${rotate ? '; rotate the leaked value' : ''}`;

function checkString(value: string, path: IrPath, rel: IrPath, site: Site, report: Report): void {
  const split = splitValue(value);
  if (!split) return; // malformed templates are the reference check's to report
  const field: CredentialField | undefined = site.flow ? credentialFieldAt(site.action, rel) : undefined;
  const prefix = `${site.step ? `step "${site.step}": ` : ''}${where(path)}`;
  const shape = detectSecretShape(split.literal);
  const expects = site.actionName ? `${site.actionName} expects a credential here` : 'this field holds a credential';
  if (shape) {
    report({
      code: 'FLOW_HARDCODED_SECRET',
      message: `${prefix} holds a hard-coded secret: it looks like ${shape.kind}`,
      hint: secretHint(field?.secret ?? 'NAME', true),
      path,
      step: site.step,
    });
    return;
  }
  if (field?.by === 'contract' && split.whole && split.literal.trim() !== '') {
    report({
      code: 'FLOW_HARDCODED_SECRET',
      message: `${prefix} holds a hard-coded secret: a literal value where ${expects}`,
      hint: secretHint(field.secret ?? 'NAME', true),
      path,
      step: site.step,
    });
    return;
  }
  const source = field ? dataSource(split.refs) : undefined;
  if (field && source) {
    const why =
      source.kind === 'env'
        ? `an env() value, which travels in the run's input and history like any data`
        : `a workflow input, which is kept in the run's history and shown by status and trace`;
    report({
      code: 'FLOW_CREDENTIAL_NOT_SECRET',
      message: `${prefix} takes ${source.text}, ${why}; ${expects}`,
      hint: secretHint(field.secret ?? source.name ?? 'NAME', false),
      path,
      step: site.step,
    });
  }
}

function scan(value: unknown, path: IrPath, rel: IrPath, site: Site, report: Report): void {
  if (typeof value === 'string') checkString(value, path, rel, site, report);
  else if (Array.isArray(value)) value.forEach((v, i) => scan(v, [...path, i], [...rel, i], site, report));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) scan(v, [...path, k], [...rel, k], site, report);
}

function actionSite(uses: string, step: string, catalog: Catalog | undefined): Site {
  const found = catalog ? lookupAction(catalog, uses) : undefined;
  if (!found?.ok) return { step, flow: true };
  return { step, flow: true, action: found.action, actionName: uses.replace(/@\d+$/, '') };
}

/** Report hard-coded secrets and credentials fed from data in a workflow (see the module comment). */
export function checkSecrets(ir: Workflow, report: Report, catalog?: Catalog): void {
  for (const { step, path } of walkWithPaths(ir.steps)) {
    if (step.type === 'action') {
      scan(step.with, [...path, 'with'], [], actionSite(step.uses, step.id, catalog), report);
      if (step.compensate) scan(step.compensate.with, [...path, 'compensate', 'with'], [], actionSite(step.compensate.uses, step.id, catalog), report);
    } else if (step.type === 'call') {
      scan(step.with, [...path, 'with'], [], { step: step.id, flow: true }, report);
    }
  }
  if (ir.output) scan(ir.output, ['output'], [], { flow: false }, report);
  ir.triggers.forEach((t, i) => {
    const input = (t as { input?: unknown }).input;
    if (input) scan(input, ['triggers', i, 'input'], [], { flow: false }, report);
  });
}
