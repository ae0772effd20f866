/**
 * Deferred values: what the workflow sandbox sends an activity when a step references secrets.
 *
 * The sandbox never sees secret values, so a string with `{{ secret.X }}` cannot be finished
 * there. Instead of a string to re-parse later (data would then be read as template syntax: two
 * inputs `…?q={` and `{ secret.OTHER }}` put together a reference no definition wrote), the
 * sandbox resolves the template once, on its parsed parts, and records a *slot*: where the
 * string goes and its parts — text (definition text and data, final) and secret names. The
 * activity fills the slots from its secret provider and never scans any string for syntax.
 * @module
 */
import { type FlowIssue, type Result, fail, ok } from '../codes';
import type { PathSegment } from './reference';

/** A part of a slot: final text, or the name of a secret to put here. */
export type SlotPart = string | { secret: string };

/** Where in a deferred value a string (or a whole value) is assembled inside the activity. */
export interface SecretSlot {
  /** Keys and array indexes from the root of the value; `[]` is the value itself. */
  path: PathSegment[];
  /** The string's parts in order. One `{ secret }` part alone stands for the secret's value. */
  parts: SlotPart[];
}

/** A resolved value whose secret references are still open, with the slots that hold them. */
export interface DeferredValue {
  /** Fully resolved except at `slots`, which hold display text (`Bearer {{ secret.TOKEN }}`). */
  value: unknown;
  slots: SecretSlot[];
}

/** Names of the secrets a list of slots needs, sorted and unique. */
export function slotSecretNames(slots: readonly SecretSlot[]): string[] {
  const names = new Set<string>();
  for (const slot of slots) for (const p of slot.parts) if (typeof p !== 'string') names.add(p.secret);
  return [...names].sort();
}

/** The display text of a slot (what history shows): secret parts as `{{ secret.NAME }}`. */
export function printSlot(parts: readonly SlotPart[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : `{{ secret.${p.secret} }}`)).join('');
}

function internal(message: string): FlowIssue {
  return { code: 'FLOW_INTERNAL', message, hint: 'report this as a flowops bug with the definition that triggered it' };
}

function isContainer(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** A copy of `value` down `path` (own keys only) so that setting a slot never mutates the input. */
function setAt(root: unknown, path: readonly PathSegment[], leaf: unknown): Result<unknown> {
  if (path.length === 0) return ok(leaf);
  if (!isContainer(root)) return fail(internal('A secret slot points into a value that is not an object'));
  const [head, ...rest] = path as [PathSegment, ...PathSegment[]];
  const key = String(head);
  if (!Object.hasOwn(root, key)) return fail(internal(`A secret slot points at a missing key "${key}"`));
  const child = setAt(root[key], rest, leaf);
  if (!child.ok) return child;
  const copy: object = Array.isArray(root) ? [...root] : { ...root };
  Object.defineProperty(copy, key, { value: child.value, enumerable: true, writable: true, configurable: true });
  return ok(copy);
}

/**
 * Fill the slots of a deferred value with secret values (inside the activity). `lookup` returns
 * a value or `undefined` (→ FLOW_SECRET_MISSING naming the secret, never a value). Strings
 * outside the slots are returned exactly as they are: nothing is parsed.
 */
export function fillSecrets(deferred: DeferredValue, lookup: (name: string) => string | undefined): Result<unknown> {
  let value = deferred.value;
  for (const slot of deferred.slots) {
    let text = '';
    for (const part of slot.parts) {
      if (typeof part === 'string') {
        text += part;
        continue;
      }
      const secret = lookup(part.secret);
      if (typeof secret !== 'string') {
        return fail({
          code: 'FLOW_SECRET_MISSING',
          message: `Secret "${part.secret}" is not available here`,
          hint: `define the secret "${part.secret}" for this environment on the worker; secrets are resolved only inside activities`,
        });
      }
      text += secret;
    }
    const next = setAt(value, slot.path, text);
    if (!next.ok) return next;
    value = next.value;
  }
  return ok(value);
}
