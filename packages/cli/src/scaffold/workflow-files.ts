/**
 * The files `flowops new <name>` writes into `workflows/<name>/`: a workflow with one log step,
 * a test on the real interpreter with the `@flowops/testing` harness, a fixture, README and
 * CHANGELOG. Pure: name in, file map out.
 * @module
 */

/** Package name of a workflow: `@flowops-workflows/<name>` (the repository's convention). */
export const workflowPackageName = (name: string): string => `@flowops-workflows/${name}`;

/**
 * Files of a new workflow, relative to `workflows/<name>/`.
 * @example
 * Object.keys(workflowFiles('order-refund', '@acme/payments'))
 * // ['package.json', 'workflow.ts', 'workflow.test.ts', 'fixtures/default.json', 'README.md', 'CHANGELOG.md']
 */
export function workflowFiles(name: string, owner: string): Record<string, string> {
  const pkg = {
    name: workflowPackageName(name),
    version: '1.0.0',
    private: true,
    type: 'module',
    description: `${name}: TODO describe what this workflow does.`,
    flowops: { workflow: './workflow.ts' },
    dependencies: { '@flowops/sdk': '*', '@flowops/plugin-log': '*', zod: '^4.1.12' },
    devDependencies: { '@flowops/testing': '*' },
  };
  const workflow = `/**
 * ${name}: TODO describe what this workflow does, who runs it and when.
 */
import log from '@flowops/plugin-log';
import { defineWorkflow, step, tpl } from '@flowops/sdk';
import { z } from 'zod';

export const Input = z.object({
  /** Who or what this run is for. */
  subject: z.string().min(1),
});

export default defineWorkflow({
  name: '${name}',
  owner: '${owner}',
  description: 'TODO: one line about what this workflow does',
  input: Input,
  defaults: { retry: { maxAttempts: 3, backoff: 'exponential', initialInterval: '2s' }, timeout: '30s', totalTimeout: '2m' },
  steps: ({ input }) => {
    const hello = step('say-hello', log.write({ message: tpl\`${name} runs for \${input.subject}\` }));
    return { steps: [hello], output: { subject: input.subject } };
  },
});
`;
  const test = `/** ${name} on the real interpreter with mocked plugin actions (\`runWorkflowTest\` from @flowops/testing). */
import { readFileSync } from 'node:fs';
import { runWorkflowTest } from '@flowops/testing/harness';
import { describe, expect, test } from 'vitest';
import workflow from './workflow';

const fixture = (f: string) => JSON.parse(readFileSync(new URL(\`./fixtures/\${f}.json\`, import.meta.url), 'utf8'));

describe('${name}', () => {
  test('says hello with the fixture', async () => {
    const messages: string[] = [];
    const result = await runWorkflowTest({
      definition: workflow,
      version: '1.0.0',
      input: fixture('default'),
      mocks: {
        'log.write@1': (input: { message: string }) => {
          messages.push(input.message);
          return {};
        },
      },
    });
    expect(result.status).toBe('succeeded');
    expect(messages).toEqual(['${name} runs for fixture-subject']);
  });
});
`;
  return {
    'package.json': `${JSON.stringify(pkg, null, 2)}\n`,
    'workflow.ts': workflow,
    'workflow.test.ts': test,
    'fixtures/default.json': `${JSON.stringify({ subject: 'fixture-subject' })}\n`,
    'README.md': `# ${name}\n\nTODO: what this workflow does, its input, and who owns it.\n\n- Check: \`npx flowops check\`\n- Test: \`npx vitest run workflows/${name}\`\n- Dry-run: \`npx flowops dry-run ${name} --input workflows/${name}/fixtures/default.json\`\n`,
    'CHANGELOG.md': `# ${workflowPackageName(name)}\n\n## 1.0.0\n\n- First version.\n`,
  };
}
