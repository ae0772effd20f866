/** Shared setup for the CLI's GitOps integration tests. */
import { type Workflow, hashWorkflow } from '@flowops/core';
import type { ResolvedEnvironment } from '@flowops/sdk';
import { testIr } from '@flowops/testing';
import { testTemporalAddress } from '@flowops/testing/vitest';
import { type GitWorkflow, type GitopsSession, openSession } from '@flowops/gitops';

let counter = 0;
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}${process.pid.toString(36)}-${counter}`;
}

export function environment(namespace: string, taskQueue: string): ResolvedEnvironment {
  return {
    name: namespace,
    address: testTemporalAddress(),
    namespace,
    taskQueue,
    apiKey: undefined,
    tls: false,
    codecKeys: undefined,
    uiUrl: undefined,
    runners: [],
    protected: false,
  };
}

export async function session(namespace: string, taskQueue: string): Promise<GitopsSession> {
  return openSession(environment(namespace, taskQueue));
}

export function ir(name: string, version: string, extra: Partial<Workflow> = {}): Workflow {
  return testIr({
    name,
    version,
    owner: '@acme/platform',
    input: { type: 'object', properties: { reason: { type: 'string' } } },
    defaults: { retry: { maxAttempts: 3, backoff: 'exponential', initialInterval: '1s' }, timeout: '30s' },
    ...extra,
  });
}

export const git = (...irs: Workflow[]): GitWorkflow[] => irs.map((w) => ({ name: w.name, version: w.version, hash: hashWorkflow(w), ir: w }));
