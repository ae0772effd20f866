/**
 * `GET /hooks/<workflow>/runs/<workflow id>`: the status of a run the gateway (or anyone) started
 * of that workflow. `visibility: public` workflows answer anyone with the link; `private` ones
 * (the default) only requests with a valid key of the workflow (401 otherwise). A run of another
 * workflow is 404: the link names the workflow whose visibility applies. Status and times only:
 * never the input or output.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FlowError, type FlowIssue, effectiveVisibility } from '@flowops/core';
import { FlowName, FlowVersion } from '../client/search-attributes';
import { isNotFound } from '../registry/errors';
import { refuse, reply } from './respond';
import { authenticate } from './start-hook';
import type { GatewayOptions } from './types';

const notFound = (workflow: string, workflowId: string): FlowIssue => ({
  code: 'FLOW_UNKNOWN_WORKFLOW',
  message: `no run ${workflowId} of ${workflow}`,
  hint: 'use the statusUrl the webhook answered with',
});

export async function runStatus(o: GatewayOptions, req: IncomingMessage, res: ServerResponse, workflow: string, workflowId: string): Promise<void> {
  try {
    const def = await o.definitions(workflow);
    const visibility = effectiveVisibility(def.ir, 'status-url');
    if (visibility === 'private' && !(await authenticate(o, req, workflow))) {
      return refuse(res, 401, [
        {
          code: 'FLOW_WEBHOOK_UNAUTHORIZED',
          message: `${workflow} is private: its runs' status needs a valid key of the workflow`,
          hint: 'send the key in "Authorization: Bearer <key>", or declare `visibility: public`',
        },
      ]);
    }
    let d: Awaited<ReturnType<ReturnType<typeof o.client.workflow.getHandle>['describe']>>;
    try {
      d = await o.client.workflow.getHandle(workflowId).describe();
    } catch (error) {
      if (isNotFound(error)) return refuse(res, 404, [notFound(workflow, workflowId)]);
      throw error;
    }
    if (d.typedSearchAttributes.get(FlowName) !== workflow) return refuse(res, 404, [notFound(workflow, workflowId)]);
    return reply(res, 200, {
      workflow,
      version: d.typedSearchAttributes.get(FlowVersion) ?? null,
      workflowId,
      runId: d.runId,
      status: d.status.name.toLowerCase(),
      startTime: d.startTime.toISOString(),
      closeTime: d.closeTime?.toISOString() ?? null,
    });
  } catch (error) {
    if (error instanceof FlowError) return refuse(res, error.code === 'FLOW_UNKNOWN_WORKFLOW' ? 404 : 503, error.issues);
    return refuse(res, 503, [
      { code: 'FLOW_TEMPORAL_UNREACHABLE', message: `could not read ${workflowId}: ${String((error as Error)?.message ?? error).split('\n')[0]}` },
    ]);
  }
}
