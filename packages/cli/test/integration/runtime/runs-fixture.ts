/** Workflows of runs-operations.test.ts (YAML). */
/** A workflow that logs, then `http.get`s `<base>/items/<n>` with a secret header (2 attempts), output `{ n }`. */
export function workflowYaml(name: string, base: string): string {
  return [
    `name: ${name}`,
    'owner: "@acme/platform"',
    'defaults:',
    '  timeout: 30s',
    'input:',
    '  type: object',
    '  properties:',
    '    n: { type: number }',
    '  required: [n]',
    'steps:',
    '  - id: prepare',
    '    uses: log.write@1',
    '    with:',
    '      message: "item {{ input.n }}"',
    '  - id: fetch',
    '    uses: http.get@1',
    '    retry: { maxAttempts: 2, backoff: fixed, initialInterval: 100ms }',
    '    with:',
    `      url: "${base}/items/{{ input.n }}"`,
    '      headers: { authorization: "{{ secret.API_TOKEN }}" }',
    'output:',
    '  n: "{{ input.n }}"',
  ].join('\n');
}

/** A workflow that waits for an approval (1 h). */
export function waiterYaml(waiter: string): string {
  return [`name: ${waiter}`, 'owner: "@acme/platform"', 'steps:', '  - id: gate', '    type: approval', '    message: "go?"', '    timeout: 1h'].join('\n');
}

/** A row of `flowops runs list --json`. */
export interface Listed {
  workflowId: string;
  status: string;
  retryOf?: string;
  durationMs?: number;
}
