/**
 * Strings built from handles, and references to secrets and environment variables.
 * @module
 */
import { FlowError } from '@flowops/core';
import { type AnyRef, isRef, type Ref, ref, refValue } from './ref';

/**
 * What may be interpolated into a template: a handle or a literal.
 * @example
 * ```ts
 * const parts: TemplatePart[] = [input.userId, 'x', 3];
 * ```
 */
export type TemplatePart = AnyRef | string | number | boolean | null | undefined;

/**
 * Tagged template that builds a `"…{{ ref }}…"` string: handles become references, literals are
 * inserted as text. The result is an ordinary string, accepted wherever a string is expected.
 * @example
 * ```ts
 * http.get({ url: tpl`${input.apiBase}/users/${input.userId}` });
 * // url: "{{ input.apiBase }}/users/{{ input.userId }}"
 * ```
 */
export function tpl(strings: TemplateStringsArray, ...parts: TemplatePart[]): string {
  let out = strings[0] ?? '';
  parts.forEach((part, i) => {
    out += (isRef(part) ? refValue(part) : part === null || part === undefined ? '' : String(part)) + (strings[i + 1] ?? '');
  });
  return out;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkName(kind: 'secret' | 'env', name: string): void {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new FlowError({
      code: 'FLOW_INVALID_REFERENCE',
      message: `Invalid ${kind} name ${JSON.stringify(name)}`,
      hint: `use letters, digits and _ (not starting with a digit), e.g. ${kind}('API_TOKEN')`,
    });
  }
}

/**
 * A reference to a secret, resolved only inside the activity that uses it — never a value.
 * @example
 * ```ts
 * github.createIssue({ owner: 'acme', repo: 'api', title: 'x', token: secret('GITHUB_TOKEN') });
 * // token: "{{ secret.GITHUB_TOKEN }}"
 * ```
 */
export function secret(name: string): Ref<string> {
  checkName('secret', name);
  return ref<string>(`secret.${name}`);
}

/**
 * A reference to an environment variable of the target environment (staging, production…).
 * @example
 * ```ts
 * http.get({ url: tpl`${env('API_BASE')}/health` }); // "{{ env.API_BASE }}/health"
 * ```
 */
export function env(name: string): Ref<string> {
  checkName('env', name);
  return ref<string>(`env.${name}`);
}
