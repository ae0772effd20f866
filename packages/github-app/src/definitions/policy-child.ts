/**
 * Entry of the sandbox child for a policy job (`ts-require.cjs` starts it when argv says
 * `policy`): in the BASE branch's checkout (the working directory), load `flowops.policy.ts`
 * and evaluate it (`evaluatePolicyRequest` of @flowops/compiler) over the pull request's
 * compiled workflows, which arrive as JSON in the input file — plain data, never the pull
 * request's modules, so nothing they patch (a prototype, a global) reaches the rules. Writes one
 * JSON line `{ ok: true, reply }` or `{ ok: false, message }` to stdout; what the policy module
 * prints goes to stderr. CommonJS in the main thread, like `compile-child.ts`.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { PolicyInput } from '@flowops/compiler';
import { answer, cwdLoader, failureLine, moveModuleOutputToStderr } from './child-io';

moveModuleOutputToStderr();
const loader = cwdLoader();

/** What the App writes to the input file. */
export interface PolicyJobInput {
  file: string;
  inputs: PolicyInput[];
}

async function main(inputFile: string): Promise<void> {
  try {
    const job = JSON.parse(readFileSync(inputFile, 'utf8')) as PolicyJobInput;
    const { evaluatePolicyRequest } = await import('@flowops/compiler');
    answer({ ok: true, reply: await evaluatePolicyRequest({ root: process.cwd(), file: job.file, inputs: job.inputs }, loader) });
  } catch (err) {
    answer({ ok: false, message: failureLine(err) });
  }
}

void main(process.argv[4] ?? '');
