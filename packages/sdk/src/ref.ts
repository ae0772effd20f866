/**
 * Typed handles: proxies whose property accesses build reference paths.
 *
 * `fetch.output.body.id` is a `Ref<string>` whose text is `steps.fetch.output.body.id` and whose
 * value in the IR is `"{{ steps.fetch.output.body.id }}"`. Handles are never values: they only
 * describe where a value will come from when the workflow runs.
 * @module
 */

/** Phantom type carrier; exists only in the type system. */
declare const RefType: unique symbol;

/** Runtime key under which a handle exposes its reference text. */
const REF_TEXT = Symbol.for('flowops.ref');

/**
 * The brand every handle carries: the type `T` of the value it refers to.
 * @example
 * ```ts
 * const id: RefBrand<string> = input.userId;
 * ```
 */
export interface RefBrand<T> {
  readonly [RefType]: T;
}

/**
 * Navigation of an untyped value (`z.unknown()`, e.g. an HTTP body): any path is allowed. Its
 * fields are typed `any` because `noUncheckedIndexedAccess` would otherwise make every step
 * `| undefined`; narrow with `cast<T>()` to get checked fields back.
 */
// biome-ignore lint/suspicious/noExplicitAny: deliberate, see above
type AnyNav = { readonly [key: string]: any };

/** Explicit tuple-like indexes so `list[0]` is not `| undefined` under noUncheckedIndexedAccess. */
type Indexes = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/** Property navigation of a handle: only the fields the type has. `unknown` navigates freely. */
type Nav<T> = unknown extends T
  ? AnyNav
  : NonNullable<T> extends readonly (infer E)[]
    ? { readonly [I in Indexes]: Ref<E> } & { readonly [index: number]: Ref<E>; readonly length: Ref<number> }
    : NonNullable<T> extends object
      ? { readonly [K in keyof NonNullable<T>]-?: Ref<NonNullable<T>[K]> }
      : unknown;

/**
 * A typed handle to a value produced at run time (workflow input, a step's output, a loop item,
 * a secret or env variable). Accessing a field the type does not have is a TypeScript error.
 * @example
 * ```ts
 * const fetch = step('fetch-user', http.get({ url: tpl`${input.apiBase}/users/${input.userId}` }));
 * const status: Ref<number> = fetch.output.status; // "{{ steps.fetch-user.output.status }}"
 * ```
 */
export type Ref<T> = RefBrand<T> & Nav<T>;

/**
 * Any handle, whatever it refers to (use where only the reference matters).
 * @example
 * ```ts
 * const anyHandle: AnyRef = fetch.output.status;
 * ```
 */
export type AnyRef = RefBrand<unknown>;

type Primitive = string | number | boolean | null | undefined | bigint | symbol;

/**
 * `T`, where any part may be given as a handle of the same type. Action inputs, `call` inputs
 * and workflow outputs accept `Refable` values.
 * @example
 * ```ts
 * const body: Refable<{ id: string }> = { id: input.userId };
 * ```
 */
export type Refable<T> =
  | Ref<T>
  | (T extends Primitive
      ? T
      : T extends readonly (infer E)[]
        ? readonly Refable<E>[]
        : T extends (...args: never[]) => unknown
          ? T
          : T extends object
            ? { [K in keyof T]: Refable<T[K]> }
            : T);

/** Properties the proxy answers itself (so handles print, compare and never look thenable). */
const PASSTHROUGH = new Set<PropertyKey>(['then', 'constructor', 'asymmetricMatch', '$$typeof', 'nodeType', 'tagName']);

const NAME_PATTERN = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

function segment(prop: string): string {
  if (/^(0|[1-9][0-9]*)$/.test(prop)) return `[${prop}]`;
  return NAME_PATTERN.test(prop) ? `.${prop}` : `[${JSON.stringify(prop)}]`;
}

/**
 * Make a handle for a reference (text without braces). Mostly internal: authors get handles from
 * `input`, `step(...).output`, `forEach` items, `secret()` and `env()`.
 * @example
 * ```ts
 * const tag = ref<string>('input.tag'); // {{ input.tag }}
 * ```
 */
export function ref<T = unknown>(text: string): Ref<T> {
  const braced = `{{ ${text} }}`;
  const target = Object.create(null) as object;
  const proxy: unknown = new Proxy(target, {
    get(_t, prop) {
      if (prop === REF_TEXT) return text;
      if (prop === Symbol.toPrimitive) return () => braced;
      if (prop === 'toString' || prop === 'toJSON' || prop === 'valueOf') return () => braced;
      if (prop === Symbol.toStringTag) return 'FlowRef';
      if (typeof prop === 'symbol' || PASSTHROUGH.has(prop)) return undefined;
      return ref(text + segment(prop));
    },
    has(_t, prop) {
      return prop === REF_TEXT;
    },
    ownKeys() {
      return [];
    },
    getOwnPropertyDescriptor() {
      return undefined;
    },
    set() {
      return false;
    },
  });
  return proxy as Ref<T>;
}

/**
 * Re-type a handle, typically an untyped output (`z.unknown()`) whose shape you know.
 * Only the type changes; the reference stays the same.
 * @example
 * ```ts
 * const user = cast<{ id: string; email: string }>(fetch.output.body);
 * user.email; // Ref<string>: "{{ steps.fetch-user.output.body.email }}"
 * ```
 */
export function cast<T>(handle: AnyRef): Ref<T> {
  return handle as unknown as Ref<T>;
}

/**
 * Whether a value is a handle.
 * @example
 * ```ts
 * isRef(input.userId); // true
 * isRef('{{ input.userId }}'); // false — that is already a serialised reference
 * ```
 */
export function isRef(value: unknown): value is AnyRef {
  return typeof value === 'object' && value !== null && REF_TEXT in value;
}

/**
 * The reference text of a handle, without braces (`steps.fetch.output.body.id`).
 * @example
 * ```ts
 * refText(fetch.output.body.id); // "steps.fetch-user.output.body.id"
 * ```
 */
export function refText(handle: AnyRef): string {
  return (handle as unknown as Record<symbol, string>)[REF_TEXT] as string;
}

/**
 * The IR value of a handle: `"{{ <reference> }}"`.
 * @example
 * ```ts
 * refValue(input.userId); // "{{ input.userId }}"
 * ```
 */
export function refValue(handle: AnyRef): string {
  return `{{ ${refText(handle)} }}`;
}
