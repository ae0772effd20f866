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
import { readFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ModuleLoader, PolicyInput } from '@flowops/compiler';

const out = (value: unknown) => writeSync(1, `${JSON.stringify(value)}\n`);
console.log = console.info = console.debug = console.error;
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
process.setSourceMapsEnabled(true);

const load = createRequire(`${process.cwd()}/`);
const loader: ModuleLoader = {
  async import(file, fresh = false) {
    if (fresh) delete load.cache[file];
    return load(file) as Record<string, unknown>;
  },
  async close() {},
};

/** What the App writes to the input file. */
export interface PolicyJobInput {
  file: string;
  inputs: PolicyInput[];
}

async function main(inputFile: string): Promise<void> {
  try {
    const job = JSON.parse(readFileSync(inputFile, 'utf8')) as PolicyJobInput;
    const { evaluatePolicyRequest } = await import('@flowops/compiler');
    out({ ok: true, reply: await evaluatePolicyRequest({ root: process.cwd(), file: job.file, inputs: job.inputs }, loader) });
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    out({ ok: false, message: (text.split('\n').find((l) => l.trim() !== '') ?? text).trim() });
  }
}

void main(process.argv[4] ?? '');
