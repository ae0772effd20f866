/**
 * Which fields of a step's `with` carry a credential, and what flows into them. A field is a
 * credential when the plugin's contract marks it (`ActionContract.sensitive`: `token` of the
 * github actions, `headers.Authorization` of http, `webhookUrl` of slack) or, for any action or
 * call, when its key is exactly a credential's name (`Authorization`, `token`, `password`,
 * `apiKey`, … — not `tokenType` or `secretStore`). What may flow in is a secret reference; an
 * `env()` value or a workflow input is data, kept in the run's input and history.
 * @module
 */
import { parseValueString, type Reference } from '@flowops/core';
import type { ActionContract, SensitiveField } from '@flowops/sdk';
import type { IrPath } from './locator';

/** A credential field of one step: how it is known and the secret name its plugin documents. */
export interface CredentialField {
  /** `contract`: the plugin marks it sensitive (a literal there is refused too); `name`: its key is a credential's name. */
  by: 'contract' | 'name';
  /** The documented secret name (`GITHUB_TOKEN`), when the plugin gives one. */
  secret?: string | undefined;
}

/** Keys whose value is a credential whatever the plugin (lower case, without `-` and `_`). */
const CREDENTIAL_KEYS = new Set(['authorization', 'proxyauthorization', 'token', 'accesstoken', 'password', 'apikey', 'xapikey', 'clientsecret']);

const norm = (seg: string | number) => String(seg).toLowerCase();

/** The credential field at `path` (relative to the step's `with`), if it is one. */
export function credentialFieldAt(action: ActionContract | undefined, path: IrPath): CredentialField | undefined {
  const marked = action?.sensitive?.find((f: SensitiveField) => {
    const segs = f.path.split('.');
    return segs.length === path.length && segs.every((s, i) => norm(s) === norm(path[i]!));
  });
  if (marked) return { by: 'contract', secret: marked.secret };
  const key = path[path.length - 1];
  if (typeof key === 'string' && CREDENTIAL_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''))) return { by: 'name' };
  return undefined;
}

/** A string of a definition split into its literal text and its references (undefined when malformed). */
export function splitValue(value: string): { literal: string; refs: Reference[]; whole: boolean } | undefined {
  const parsed = parseValueString(value);
  if (!parsed.ok) return undefined;
  const e = parsed.value;
  if (e.kind === 'literal') return { literal: e.value, refs: [], whole: true };
  if (e.kind === 'ref') return { literal: '', refs: [e.ref], whole: false };
  // References become line breaks, so no shape is matched across one.
  return {
    literal: e.parts.map((p) => (typeof p === 'string' ? p : '\n')).join(''),
    refs: e.parts.filter((p): p is Reference => typeof p !== 'string'),
    whole: false,
  };
}

/** The first `env.X` or `input.…` reference among `refs`, as the user wrote it: `env('X')` or `input.a.b`. */
export function dataSource(refs: Reference[]): { kind: 'env' | 'input'; text: string; name?: string } | undefined {
  for (const ref of refs) {
    if (ref.root === 'env') return { kind: 'env', text: `env('${String(ref.path[0])}')`, name: String(ref.path[0]) };
    if (ref.root === 'input') return { kind: 'input', text: ref.text };
  }
  return undefined;
}
