/**
 * References: the paths that point into a run's data.
 *
 * ```
 * input                      input.user.name          input.items[0]     input["key with space"]
 * steps.<id>.output[.path]   steps.<id>.status
 * env.<NAME>                 secret.<NAME>
 * item[.path]                index                    <as>[.path]  (the item of an enclosing forEach with `as: '<as>'`)
 * run.id  run.key            step.key                 (the run's workflow id and idempotency keys)
 * ```
 * Property access is `.name` (letters, digits, `_`, `$`, `-`; not starting with a digit) or
 * `["any key"]` (a JSON string); array access is `[0]`. No whitespace inside a reference.
 * @module
 */
import { type Result, fail, ok } from '../codes';
import { ENV_NAME_PATTERN, ID_PATTERN, LOOP_NAME_PATTERN, RESERVED_LOOP_NAMES } from '../ir';

export const REFERENCE_ROOTS = ['input', 'steps', 'env', 'secret', 'item', 'index', 'run', 'step'] as const;
export type ReferenceRoot = (typeof REFERENCE_ROOTS)[number];

export type PathSegment = string | number;

/**
 * A parsed reference. `path` is what follows the root (for `steps`, what follows
 * `steps.<id>.<field>`; for `env`/`secret`, exactly one segment: the name).
 * `text` is the canonical printed form (`printReference`).
 */
export interface Reference {
  root: ReferenceRoot;
  /** For root `item`: the `as` name of the enclosing forEach whose item this reads (absent: the innermost). */
  loop?: string;
  stepId?: string;
  field?: 'output' | 'status' | 'cache';
  path: PathSegment[];
  text: string;
}

/** Names usable after a dot. */
export const PROPERTY_NAME_PATTERN = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;
/** Names of env variables and secrets (defined with the IR schema). */
export { ENV_NAME_PATTERN };

const ROOT_HINT =
  'a reference starts with input, steps.<id>.output, steps.<id>.status, env.<NAME>, secret.<NAME>, item, index, ' +
  'run.id, run.key or step.key, ' +
  'followed by .name, [0] or ["key"]';

function invalid(text: string, why: string, hint = ROOT_HINT): Result<never> {
  return fail({ code: 'FLOW_INVALID_REFERENCE', message: `Invalid reference "${text}": ${why}`, hint });
}

/** Split `a.b[0]["c d"]` into segments; returns an error string on bad syntax. */
function splitPath(text: string): PathSegment[] | string {
  const segments: PathSegment[] = [];
  let i = 0;
  const first = /^[A-Za-z_$][A-Za-z0-9_$-]*/.exec(text);
  if (!first) return 'expected a name at the start';
  segments.push(first[0]);
  i = first[0].length;
  while (i < text.length) {
    const c = text[i];
    if (c === '.') {
      const m = /^[A-Za-z_$][A-Za-z0-9_$-]*/.exec(text.slice(i + 1));
      if (!m) return `expected a property name after "." at position ${i + 1} (use ["…"] for other keys)`;
      segments.push(m[0]);
      i += 1 + m[0].length;
    } else if (c === '[') {
      const rest = text.slice(i + 1);
      const num = /^(0|[1-9][0-9]*)\]/.exec(rest);
      if (num) {
        const n = Number(num[1]);
        if (!Number.isSafeInteger(n)) return `index ${num[1]} is too large`;
        segments.push(n);
        i += 1 + num[0].length;
        continue;
      }
      const str = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"\]/.exec(rest);
      if (!str) return `expected [<index>] or ["<key>"] at position ${i}`;
      segments.push(JSON.parse(str[0].slice(0, -1)) as string);
      i += 1 + str[0].length;
    } else {
      return `unexpected "${c}" at position ${i}`;
    }
  }
  return segments;
}

/** Parse reference text (without braces), e.g. `steps.fetch.output.body.id`. */
export function parseReference(text: string): Result<Reference> {
  if (typeof text !== 'string') return invalid(String(text), 'not a string');
  if (text.length === 0) return invalid(text, 'it is empty');
  const segments = splitPath(text);
  if (typeof segments === 'string') return invalid(text, segments);
  const [root, ...rest] = segments;
  switch (root) {
    case 'input':
    case 'item':
      return ok(make(root, rest));
    case 'index':
      if (rest.length > 0) return invalid(text, '"index" is a number and has no properties', 'use "index" on its own');
      return ok(make('index', []));
    case 'run':
    case 'step': {
      const fields = root === 'run' ? ['id', 'key'] : ['key'];
      if (rest.length !== 1 || !fields.includes(String(rest[0]))) {
        const list = fields.map((f) => `${root}.${f}`).join(' or ');
        const other = root === 'step' ? " (another step's result is steps.<id>.output)" : '';
        return invalid(text, `"${root}" has only ${list}`, `write ${list}${other}`);
      }
      return ok(make(root, rest));
    }
    case 'env':
    case 'secret': {
      const [name, ...more] = rest;
      if (typeof name !== 'string' || !ENV_NAME_PATTERN.test(name) || more.length > 0) {
        return invalid(text, `${root} references name exactly one variable`, `write ${root}.NAME (letters, digits and _)`);
      }
      return ok(make(root, [name]));
    }
    case 'steps': {
      const [stepId, field, ...path] = rest;
      if (typeof stepId !== 'string' || !ID_PATTERN.test(stepId)) {
        return invalid(text, 'expected a kebab-case step id after "steps."', 'write steps.<step-id>.output or steps.<step-id>.status');
      }
      if (field !== 'output' && field !== 'status' && field !== 'cache') {
        return invalid(text, `expected .output, .status or .cache after "steps.${stepId}"`, `write steps.${stepId}.output… or steps.${stepId}.status`);
      }
      if (field === 'cache' && (path.length !== 1 || (path[0] !== 'hit' && path[0] !== 'cachedAt'))) {
        return invalid(text, "a step's cache metadata has two fields: hit and cachedAt", `write steps.${stepId}.cache.hit or steps.${stepId}.cache.cachedAt`);
      }
      if (field === 'status' && path.length > 0) {
        return invalid(text, 'a step status is a string and has no properties', `use steps.${stepId}.status on its own`);
      }
      return ok(make('steps', path, stepId, field));
    }
    default: {
      if (typeof root === 'string' && isLoopName(root)) {
        const ref = make('item', rest);
        ref.loop = root;
        ref.text = printReference(ref);
        return ok(ref);
      }
      const hint =
        root === 'step' ? 'the root is "steps" (plural): steps.<id>.output' : root === 'secrets' ? 'the root is "secret" (singular): secret.NAME' : ROOT_HINT;
      return invalid(text, `unknown root "${String(root)}"`, hint);
    }
  }
}

function make(root: ReferenceRoot, path: PathSegment[], stepId?: string, field?: 'output' | 'status' | 'cache'): Reference {
  const ref: Reference = { root, path, text: '' };
  if (stepId !== undefined) ref.stepId = stepId;
  if (field !== undefined) ref.field = field;
  ref.text = printReference(ref);
  return ref;
}

export { LOOP_NAME_PATTERN };

/** True when `name` can be a forEach's `as` name (see LOOP_NAME_PATTERN). */
export function isLoopName(name: string): boolean {
  return LOOP_NAME_PATTERN.test(name) && !RESERVED_LOOP_NAMES.has(name);
}

/** Print a path segment: `.name`, `[0]` or `["other key"]`. */
export function printSegment(segment: PathSegment): string {
  if (typeof segment === 'number') return `[${segment}]`;
  return PROPERTY_NAME_PATTERN.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
}

/** The canonical text of a reference (ignores `ref.text`). */
export function printReference(ref: {
  root: ReferenceRoot;
  loop?: string | undefined;
  stepId?: string | undefined;
  field?: 'output' | 'status' | 'cache' | undefined;
  path: readonly PathSegment[];
}): string {
  const head = ref.root === 'steps' ? `steps.${ref.stepId ?? ''}.${ref.field ?? 'output'}` : ref.root === 'item' && ref.loop ? ref.loop : ref.root;
  return head + ref.path.map(printSegment).join('');
}

/** The value string that holds exactly this reference: `{{ steps.fetch.output }}`. */
export function referenceValue(ref: Reference | string): string {
  return `{{ ${typeof ref === 'string' ? ref : printReference(ref)} }}`;
}
