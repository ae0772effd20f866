/**
 * The custom search attributes flowops puts on every run, registered on the dev server
 * (and to be registered on real clusters with `temporal operator search-attribute create`).
 * @module
 */

export const FLOWOPS_SEARCH_ATTRIBUTES = {
  FlowName: 'Keyword',
  FlowVersion: 'Keyword',
  FlowHash: 'Keyword',
  GitSha: 'Keyword',
  TriggeredBy: 'Keyword',
  DryRun: 'Bool',
} as const;

export type FlowopsSearchAttribute = keyof typeof FLOWOPS_SEARCH_ATTRIBUTES;

/** `--search-attribute Name=Type …` for `temporal server start-dev`. */
export function searchAttributeArgs(): string[] {
  return Object.entries(FLOWOPS_SEARCH_ATTRIBUTES).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]);
}
