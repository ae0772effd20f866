/**
 * The policy of a pull request, evaluated where the pull request cannot reach it: the BASE
 * branch's `flowops.policy.ts` (a pull request that edits or deletes it is still held to the
 * base's) and the base's CODEOWNERS, in the sandbox child (`policy-child.ts`), a process of its own
 * that receives the head's compiled IR as JSON — never the head's workflow modules, which could
 * patch prototypes to make rules pass. Rules are functions of the base's code, so they too run
 * only inside the sandbox.
 * @module
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { POLICY_FILE, type PolicyInput, readCodeowners } from '@flowops/compiler';
import { ApplicationFailure } from '@temporalio/common';
import { type PolicyChildReply, mergePolicyReply } from '../policy/merge';
import { type PolicyVerdict, PolicyVerdict as PolicyVerdictSchema } from '../report/types';
import { checkout, resolveRef } from './load';
import { SANDBOX_CODE, SANDBOX_DEFAULTS, type SandboxLimits, osSandbox, runSandboxed, transpileCacheDir } from './sandbox';

export interface PolicyEvaluation {
  /** Clone URL with credentials filled in. */
  url: string;
  /** The base branch (or commit) whose policy applies. */
  base: string;
  headSha: string;
  /** Whether the head's policy file differs from the base's. */
  changed: boolean;
  /** The head's workflows and the environments to check; `codeowners` is filled from the base. */
  inputs: Omit<PolicyInput, 'codeowners' | 'policyFile'>[];
  appRoot: string;
  sandbox?: SandboxLimits | undefined;
}

/** The verdict, or undefined when the base branch has no policy file. */
export async function evaluatePolicyAt(o: PolicyEvaluation): Promise<PolicyVerdict | undefined> {
  const sha = await resolveRef(o.url, o.base);
  const dir = await checkout(o.url, sha);
  try {
    if (!existsSync(join(dir, POLICY_FILE))) return undefined;
    const sandbox = osSandbox(o.appRoot);
    if (sandbox.mode === 'none') {
      throw ApplicationFailure.create({
        type: SANDBOX_CODE,
        nonRetryable: true,
        message: `the policy of ${o.base} is not evaluated on this host: ${sandbox.reason} [${SANDBOX_CODE}]`,
      });
    }
    const codeowners = readCodeowners(dir)?.owners ?? [];
    const inputs: PolicyInput[] = o.inputs.map((i) => ({ ...i, codeowners }));
    const cache = transpileCacheDir(o.appRoot);
    const outcome = await runSandboxed(dir, sha, o.appRoot, { ...SANDBOX_DEFAULTS, ...o.sandbox }, cache ? { dir: cache, write: false } : undefined, {
      mode: 'policy',
      input: { file: POLICY_FILE, inputs },
    });
    const meta = { file: POLICY_FILE, from: o.base, changed: o.changed, headSha: o.headSha };
    const reply: PolicyChildReply = outcome.ok
      ? ((outcome.value.reply as PolicyChildReply | undefined) ?? { ok: false, code: SANDBOX_CODE, message: 'the policy child answered nothing' })
      : { ok: false, code: SANDBOX_CODE, message: outcome.message, hint: outcome.hint };
    // The child's answer is data from a process that ran repository code: parsed, not trusted.
    const parsed = PolicyVerdictSchema.safeParse(safeMerge(reply, meta));
    return parsed.success
      ? parsed.data
      : PolicyVerdictSchema.parse({
          ...meta,
          diagnostics: [
            {
              code: SANDBOX_CODE,
              severity: 'error',
              message: `evaluating ${POLICY_FILE} of ${o.base} gave an answer that is not a policy report`,
              file: POLICY_FILE,
            },
          ],
        });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function safeMerge(reply: PolicyChildReply, meta: Parameters<typeof mergePolicyReply>[1]): unknown {
  try {
    return mergePolicyReply(reply, meta);
  } catch {
    return undefined;
  }
}
