/**
 * The link to a run in the Temporal UI. Pure, so the interpreter (a `notifyHuman` message) and
 * front ends build the same URL.
 * @module
 */

/**
 * `<ui>/namespaces/<namespace>/workflows/<workflowId>`, or undefined without a UI base URL.
 * @example
 * runUiLink('http://localhost:8233/', 'default', 'flowops-deploy-1a2b3c4d-9f8e'); // 'http://localhost:8233/namespaces/default/workflows/flowops-deploy-1a2b3c4d-9f8e'
 */
export function runUiLink(uiUrl: string | undefined, namespace: string, workflowId: string): string | undefined {
  if (!uiUrl) return undefined;
  return `${uiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
