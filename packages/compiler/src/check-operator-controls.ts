/**
 * Checks of the operator controls the schema cannot express alone: `allowSkip` needs a
 * `fallbackOutput` (and the other way round) and cannot be combined with `onError: continue`;
 * a `notifyHuman` Slack webhook is a secret reference (FLOW_HARDCODED_SECRET otherwise);
 * bad `rateLimit` / `circuitBreaker` values are refused by the IR schema (FLOW_SCHEMA_INVALID).
 * @module
 */
import { type NotifyHuman, type Workflow, parseValueString } from '@flowops/core';
import type { Report } from './context';
import type { IrPath } from './locator';
import { walkWithPaths } from './walk';

/** A `notifyHuman` Slack webhook must be exactly one `{{ secret.NAME }}` reference. */
function checkNotify(notify: NotifyHuman | undefined, path: IrPath, report: Report, step?: string): void {
  if (!notify || !('slack' in notify)) return;
  const url = notify.slack.webhookUrl;
  const parsed = parseValueString(url);
  const isSecret = parsed.ok && parsed.value.kind === 'ref' && parsed.value.ref.root === 'secret';
  if (isSecret) return;
  report({
    code: 'FLOW_HARDCODED_SECRET',
    message: `${step ? `step "${step}": ` : ''}notifyHuman.slack.webhookUrl must be a secret reference, not a literal URL (a Slack webhook URL is a credential)`,
    hint: 'store the URL as a secret and write webhookUrl: secret(\'SLACK_WEBHOOK_URL\') (YAML: "{{ secret.SLACK_WEBHOOK_URL }}")',
    path: [...path, 'notifyHuman', 'slack', 'webhookUrl'],
    ...(step ? { step } : {}),
  });
}

/** Report operator-control mistakes (FLOW_SCHEMA_INVALID, FLOW_HARDCODED_SECRET). */
export function checkOperatorControls(ir: Workflow, report: Report): void {
  checkNotify(ir.notifyHuman, [], report);
  for (const { step, path } of walkWithPaths(ir.steps)) {
    if (step.type === 'approval') checkNotify(step.notifyHuman, path, report, step.id);
    if (step.type !== 'action') continue;
    checkNotify(step.notifyHuman, path, report, step.id);
    if (step.allowSkip && step.fallbackOutput === undefined) {
      report({
        code: 'FLOW_SCHEMA_INVALID',
        message: `step "${step.id}" has allowSkip: true but no fallbackOutput: a skipped step must say what it outputs to the steps after it`,
        hint: 'add fallbackOutput: { … } (the output downstream steps read when an operator skips this step)',
        path: [...path, 'allowSkip'],
        step: step.id,
      });
    }
    if (step.fallbackOutput !== undefined && !step.allowSkip) {
      report({
        code: 'FLOW_SCHEMA_INVALID',
        message: `step "${step.id}" has a fallbackOutput but not allowSkip: true, so it can never be used`,
        hint: 'add allowSkip: true, or remove fallbackOutput',
        path: [...path, 'fallbackOutput'],
        step: step.id,
      });
    }
    const onError = step.onError ?? ir.defaults?.onError;
    if (step.allowSkip && onError === 'continue') {
      report({
        code: 'FLOW_SCHEMA_INVALID',
        message: `step "${step.id}" has allowSkip: true and onError: continue; a failure would both continue and wait for an operator`,
        hint: 'keep one: allowSkip (an operator decides) or onError: "continue" (the run goes on by itself)',
        path: [...path, 'allowSkip'],
        step: step.id,
      });
    }
  }
}
