/**
 * Hard-coded secrets: literal values under secret-looking keys, or values shaped like known
 * tokens. The value is never printed: messages show a masked prefix only.
 * @module
 */
import type { Workflow } from '@flowops/core';
import type { Report } from './context';
import type { IrPath } from './locator';
import { walkWithPaths } from './walk';

const SECRET_KEY = /(token|password|passwd|secret|api[-_]?key|authorization|private[-_]?key|credential)/i;

const TOKEN_SHAPES: { name: string; pattern: RegExp }[] = [
  { name: 'a GitHub token', pattern: /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/ },
  { name: 'a GitHub token', pattern: /\bgithub_pat_[A-Za-z0-9_]{20,}/ },
  { name: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { name: 'an API key', pattern: /\bsk-[A-Za-z0-9_-]{16,}/ },
  { name: 'an AWS access key', pattern: /\b(AKIA|ASIA)[A-Z0-9]{16}\b/ },
  { name: 'a bearer token', pattern: /\bBearer\s+(?!\{\{)[A-Za-z0-9._~+/=-]{8,}/ },
  { name: 'a Slack webhook URL', pattern: /hooks\.slack\.com\/services\/(?!.*\{\{)[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9]+/ },
  { name: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
];

/** A masked rendering that never reveals more than a short, non-secret prefix. */
export function mask(value: string): string {
  const prefix = /^(ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|xox[abposr]-|sk-|AKIA|ASIA|Bearer |https:\/\/hooks\.slack\.com\/)/.exec(value);
  return `${prefix ? prefix[0] : ''}****`;
}

function hasReference(value: string): boolean {
  return value.includes('{{');
}

interface Hit {
  path: IrPath;
  why: string;
  value: string;
}

function scan(value: unknown, path: IrPath, keyIsSecret: boolean, hits: Hit[]): void {
  if (typeof value === 'string') {
    const shape = TOKEN_SHAPES.find((s) => s.pattern.test(value));
    if (shape) hits.push({ path, why: `looks like ${shape.name}`, value });
    else if (keyIsSecret && value.trim() !== '' && !hasReference(value)) hits.push({ path, why: 'is a literal under a secret-looking key', value });
    return;
  }
  if (Array.isArray(value)) value.forEach((v, i) => scan(v, [...path, i], keyIsSecret, hits));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) scan(v, [...path, k], keyIsSecret || SECRET_KEY.test(k), hits);
}

export function checkSecrets(ir: Workflow, report: Report): void {
  const hits: { hit: Hit; step?: string }[] = [];
  for (const { step, path } of walkWithPaths(ir.steps)) {
    const found: Hit[] = [];
    if (step.type === 'action' || step.type === 'call') scan(step.with, [...path, 'with'], false, found);
    if (step.type === 'action' && step.compensate) scan(step.compensate.with, [...path, 'compensate', 'with'], false, found);
    for (const hit of found) hits.push({ hit, step: step.id });
  }
  const top: Hit[] = [];
  if (ir.output) scan(ir.output, ['output'], false, top);
  ir.triggers.forEach((t, i) => {
    if (t.type === 'cron' && t.input) scan(t.input, ['triggers', i, 'input'], false, top);
  });
  for (const hit of top) hits.push({ hit });
  for (const { hit, step } of hits) {
    const where = hit.path.filter((s) => typeof s === 'string' && s !== 'steps').join('.');
    const name = String(hit.path[hit.path.length - 1])
      .replace(/[^A-Za-z0-9]+/g, '_')
      .toUpperCase();
    report({
      code: 'FLOW_HARDCODED_SECRET',
      message: `${step ? `step "${step}": ` : ''}${where} holds a hard-coded secret ("${mask(hit.value)}" ${hit.why})`,
      hint: `use secret('${name}') (in YAML "{{ secret.${name} }}") and store the value in the secret store; rotate the leaked value`,
      path: hit.path,
      step,
    });
  }
}
