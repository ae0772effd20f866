import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type ActionStep, Workflow, diffWorkflows, hashWorkflow } from '@flowops/core';
import { describe, expect, test } from 'vitest';
import { checkWorkflows } from './index';
import { recordStepSecrets } from './step-secrets';

const YAML = `name: pay
owner: "@acme/sre"
defaults:
  retry: { maxAttempts: 3 }
  timeout: 30s
input: { type: object }
steps:
  - id: charge
    uses: http.request@1
    with:
      method: POST
      url: "https://pay.example/{{ input.id }}"
      headers: { authorization: "Bearer {{ secret.PAY_TOKEN }}", x-extra: "{{ secret.PAY_TOKEN }}{{ secret.A_KEY }}" }
    compensate:
      uses: http.request@1
      with: { method: DELETE, url: "https://pay.example/x", headers: { authorization: "{{ secret.UNDO_TOKEN }}" } }
  - id: plain
    uses: http.get@1
    with: { url: "https://pay.example/{{ input.id }}" }
`;

describe('recordStepSecrets', () => {
  test('the compiler records each action step’s referenced secrets (and its compensation’s) in the IR', async () => {
    // Inside the repository (under a git-ignored .flowops/) so the plugin catalog resolves.
    const scratch = path.join(import.meta.dirname, '..', 'test', '.flowops');
    await mkdir(scratch, { recursive: true });
    const root = await mkdtemp(path.join(scratch, 'step-secrets-'));
    try {
      await mkdir(path.join(root, 'workflows', 'pay'), { recursive: true });
      await writeFile(path.join(root, 'workflows', 'pay', 'workflow.yaml'), YAML);
      await writeFile(path.join(root, 'workflows', 'pay', 'package.json'), JSON.stringify({ name: '@fixtures/pay', version: '1.0.0', private: true }));
      const result = await checkWorkflows({ root, cache: false });
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const ir = result.workflows[0]!.ir;
      const [charge, plain] = ir.steps as ActionStep[];
      expect(charge!.secrets).toEqual(['A_KEY', 'PAY_TOKEN']);
      expect(charge!.compensate?.secrets).toEqual(['UNDO_TOKEN']);
      expect(plain!.secrets).toBeUndefined();
      // The recorded set is derived: the identity is the same with or without it.
      const stripped = JSON.parse(JSON.stringify(ir)) as Workflow;
      delete (stripped.steps[0] as ActionStep).secrets;
      delete (stripped.steps[0] as ActionStep).compensate!.secrets;
      expect(hashWorkflow(stripped)).toBe(result.workflows[0]!.hash);
      expect(Workflow.parse(stripped)).toBeTruthy();
      // …and a cluster's IR compiled before the field existed shows no step as changed.
      expect(diffWorkflows(stripped, ir).steps.changed).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);

  test('nested steps get their set; a stale set is replaced', () => {
    const ir = Workflow.parse({
      apiVersion: 'flowops/v1',
      kind: 'Workflow',
      name: 'n',
      version: '1.0.0',
      owner: '@a/b',
      input: { type: 'object' },
      steps: [
        {
          id: 'each',
          type: 'forEach',
          items: '{{ input.xs }}',
          steps: [{ id: 'a', type: 'action', uses: 'x.y@1', effect: 'read', secrets: ['STALE'], with: { t: '{{ secret.T }}' } }],
        },
      ],
    });
    recordStepSecrets(ir);
    expect(JSON.stringify(ir)).toContain('"secrets":["T"]');
    expect(JSON.stringify(ir)).not.toContain('STALE');
  });
});
