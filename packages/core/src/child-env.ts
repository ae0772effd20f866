/**
 * The environment handed to a child process (git, the compile sandbox, a dev server). Node copies
 * every enumerable key of `options.env` *including inherited ones* into the child, and falls back
 * to `process.env` (whose prototype is `Object.prototype`) when no `env` is given; so a polluted
 * `Object.prototype` would reach every child. These objects have a null prototype and only the
 * source's own keys. Pure: the caller passes `process.env`.
 * @module
 */

/** An environment map with no prototype: only its own keys exist. */
export type ChildEnv = Record<string, string>;

/**
 * Own string keys of `source`, then `extra` (an `undefined` in `extra` removes the key), in an
 * object with a null prototype. Pass `{}` as source for a fresh, empty environment.
 * @example
 * execFile('git', args, { env: childEnv(process.env, { GIT_TERMINAL_PROMPT: '0' }) });
 */
export function childEnv(source: Readonly<Record<string, string | undefined>>, extra: Readonly<Record<string, string | undefined>> = {}): ChildEnv {
  const env = Object.create(null) as ChildEnv;
  for (const from of [source, extra]) {
    for (const key of Object.keys(from)) {
      const value = from[key];
      if (typeof value === 'string') env[key] = value;
      else delete env[key];
    }
  }
  return env;
}
