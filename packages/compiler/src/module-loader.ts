/**
 * Loads TypeScript modules without a build, through tsx's ESM API. One namespaced tsx
 * registration per loader (tsImport registers a fresh one on every call, which would chain
 * hundreds of loader hooks for a large repository); create a new loader to see changed files.
 * @module
 */
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

export interface ModuleLoader {
  /** Import a module; `fresh` re-evaluates it (not its imports) even if it was loaded before. */
  import(file: string, fresh?: boolean): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

let counter = 0;

export function createModuleLoader(): ModuleLoader {
  // Stack positions of load errors must point into the TypeScript source (tsx emits source maps).
  process.setSourceMapsEnabled(true);
  const api = register({ namespace: `flowops-${process.pid}-${++counter}-${Date.now()}` });
  const versions = new Map<string, number>();
  return {
    async import(file: string, fresh = false) {
      let url = pathToFileURL(file).href;
      if (fresh) {
        const v = (versions.get(file) ?? 0) + 1;
        versions.set(file, v);
        url += `?v=${v}`;
      }
      return (await api.import(url, import.meta.url)) as Record<string, unknown>;
    },
    close: () => api.unregister(),
  };
}

/** The first line of an error's message: what users see (never the stack). */
export function errorMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split('\n').find((l) => l.trim() !== '') ?? text).trim();
}
