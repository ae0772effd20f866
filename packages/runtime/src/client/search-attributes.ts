/**
 * Typed search attributes flowops sets on every run at start (registered on the dev server by
 * @flowops/testing; on real clusters with `temporal operator search-attribute create`).
 * @module
 */
import { type SearchAttributePair, defineSearchAttributeKey } from '@temporalio/common';

export const FlowName = defineSearchAttributeKey('FlowName', 'KEYWORD');
export const FlowVersion = defineSearchAttributeKey('FlowVersion', 'KEYWORD');
export const FlowHash = defineSearchAttributeKey('FlowHash', 'KEYWORD');
export const GitSha = defineSearchAttributeKey('GitSha', 'KEYWORD');
export const TriggeredBy = defineSearchAttributeKey('TriggeredBy', 'KEYWORD');
export const DryRun = defineSearchAttributeKey('DryRun', 'BOOL');

export function runSearchAttributes(a: {
  name: string;
  version: string;
  hash: string;
  dryRun: boolean;
  gitSha?: string | undefined;
  triggeredBy?: string | undefined;
}): SearchAttributePair[] {
  const pairs: SearchAttributePair[] = [
    { key: FlowName, value: a.name },
    { key: FlowVersion, value: a.version },
    { key: FlowHash, value: a.hash },
    { key: DryRun, value: a.dryRun },
  ];
  if (a.gitSha) pairs.push({ key: GitSha, value: a.gitSha });
  if (a.triggeredBy) pairs.push({ key: TriggeredBy, value: a.triggeredBy });
  return pairs;
}
