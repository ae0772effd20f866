/**
 * The definition a webhook starts: the workflow's active published version with its `call`
 * targets. The registry's memo index is read on every request (one DescribeWorkflowExecution, no
 * worker), so an activation or rollback applies at once; the definitions themselves are cached
 * by active hash for `ttlMs` (their unpinned `call` targets may lag that long).
 * @module
 */
import { FlowError, type Workflow } from '@flowops/core';
import type { Registry } from '../registry/registry-client';

/** What a webhook run starts with. */
export interface GatewayDefinition {
  ir: Workflow;
  childIrs: Record<string, Workflow>;
  hash: string;
}

/** The active definition of a workflow; throws FlowError FLOW_UNKNOWN_WORKFLOW when there is none. */
export type ResolveDefinition = (workflow: string) => Promise<GatewayDefinition>;

/** `load` (e.g. gitops' `loadPublished`) behind the registry index and a cache keyed by active hash. */
export function cachedDefinitions(registry: Registry, load: ResolveDefinition, ttlMs = 30_000): ResolveDefinition {
  const cache = new Map<string, { at: number; value: Promise<GatewayDefinition> }>();
  return async (workflow) => {
    const index = await registry.index(workflow);
    if (!index?.active || !index.activeHash) {
      throw new FlowError({
        code: 'FLOW_UNKNOWN_WORKFLOW',
        message: `${workflow} ${index ? 'has no active version' : 'is not published here'}`,
        hint: 'publish it with `flowops publish --env <env>`',
      });
    }
    const key = `${workflow}@${index.active}:${index.activeHash}`;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = load(workflow);
    cache.set(key, { at: Date.now(), value });
    value.catch(() => cache.delete(key));
    return value;
  };
}
