/**
 * Mapping Temporal client errors from the system workflows to flowops issues.
 * @module
 */
import { type FlowCode, type FlowIssue, RUNTIME_CODES } from '@flowops/core';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, isGrpcServiceError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

const KNOWN = new Set<string>(RUNTIME_CODES);

/** Update refusals (validator or handler ApplicationFailure) become the issue they carry. */
export function updateRefusal(error: unknown): FlowIssue | undefined {
  if (!(error instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = error.cause;
  if (cause instanceof ApplicationFailure && cause.type && (KNOWN.has(cause.type) || cause.type.startsWith('FLOW_'))) {
    const [message, hint] = cause.message.split(' — To fix: ');
    return { code: cause.type as FlowCode, message: message ?? cause.message, hint };
  }
  return { code: 'FLOW_INTERNAL', message: `the registry refused the change: ${cause?.message ?? error.message}` };
}

export const isNotFound = (error: unknown): boolean => error instanceof WorkflowNotFoundError || (isGrpcServiceError(error) && error.code === 5);

/** A transport failure, as a coded issue. */
export function unreachable(error: unknown, what: string): FlowIssue {
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
  return {
    code: 'FLOW_TEMPORAL_UNREACHABLE',
    message: `${what}: ${message}`,
    hint: "check that the environment's Temporal cluster is reachable (flowops.config.ts) and retry; every registry change is idempotent",
  };
}
