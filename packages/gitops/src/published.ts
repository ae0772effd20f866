/**
 * Published definitions (`flowops run <workflow> --env <env>` on a non-local environment): the
 * registry's active version (or a given one), with every workflow its `call` steps reach resolved
 * from the same registry (pinned version, else the target's active one).
 * @module
 */
import { FlowError, type Workflow, callTargets } from '@flowops/core';
import type { ResolvedEnvironment } from '@flowops/sdk';
import { type OpenOptions, openSession } from './session';

/** A published definition and the definitions its `call` steps reach (by `name@version` and by name for unpinned calls). */
export interface PublishedDefinition {
  ir: Workflow;
  childIrs: Record<string, Workflow>;
  hash: string;
}

/** At most this many distinct call targets are resolved (a guard against runaway graphs). */
const MAX_CALL_TARGETS = 100;

/** FLOW_UNKNOWN_WORKFLOW: `name` is not published (as `detail` says) on environment `env`. */
export function unpublished(name: string, env: string, detail: string): FlowError {
  return new FlowError({
    code: 'FLOW_UNKNOWN_WORKFLOW',
    message: `${name} ${detail} on environment "${env}"`,
    hint: `publish it with \`flowops publish --env ${env}\` (or run the checkout's definition with --local)`,
  });
}

/**
 * Load `name` (active version, or `version`) from the environment's registry. Throws
 * FLOW_UNKNOWN_WORKFLOW (never published, or deactivated) or FLOW_UNKNOWN_VERSION.
 */
export async function loadPublished(env: ResolvedEnvironment, name: string, version?: string, options: OpenOptions = {}): Promise<PublishedDefinition> {
  const session = await openSession(env, options);
  try {
    const index = await session.registry.index(name);
    if (!index) throw unpublished(name, env.name, 'has never been published');
    let want = version;
    if (!want) {
      if (!index.active) throw unpublished(name, env.name, 'has no active version (it was deactivated)');
      want = index.active;
    }
    const hash = index.versions[want];
    if (!hash) {
      const known = Object.keys(index.versions).join(', ') || 'none';
      throw new FlowError({
        code: 'FLOW_UNKNOWN_VERSION',
        message: `${name}@${want} is not published on "${env.name}" (published: ${known})`,
        hint: `pick one with \`flowops versions ${name} --env ${env.name}\``,
      });
    }
    // Definitions are read from the registry workflows' histories: no worker needed.
    const ir = await session.registry.definition(name, want);
    if (!ir)
      throw new FlowError({
        code: 'FLOW_UNKNOWN_VERSION',
        message: `${name}@${want}: the registry no longer holds its definition`,
        hint: `publish it again from git (\`flowops publish --env ${env.name}\`)`,
      });

    const childIrs: Record<string, Workflow> = {};
    const queue = callTargets(ir);
    const seen = new Set<string>();
    while (queue.length > 0 && seen.size < MAX_CALL_TARGETS) {
      const t = queue.shift()!;
      const key = t.version ? `${t.workflow}@${t.version}` : t.workflow;
      if (seen.has(key)) continue;
      seen.add(key);
      const childIndex = await session.registry.index(t.workflow);
      const v = t.version ?? childIndex?.active ?? undefined;
      if (!childIndex || !v || !childIndex.versions[v]) {
        throw unpublished(t.workflow, env.name, `(called by ${name}) is not published${t.version ? ` at ${t.version}` : ''}`);
      }
      const child = await session.registry.definition(t.workflow, v);
      if (!child) throw unpublished(t.workflow, env.name, `(called by ${name}) has no definition for ${v}`);
      childIrs[`${t.workflow}@${v}`] = child;
      if (!t.version) childIrs[t.workflow] = child; // the active one; startRun keys the closure once
      queue.push(...callTargets(child));
    }
    return { ir, childIrs, hash };
  } finally {
    await session.close();
  }
}
