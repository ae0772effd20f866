/** Which policy file a commit has, read as text (never executed) in the App. @module */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { POLICY_FILE } from '@flowops/compiler';

/** sha-256 of the policy file in a checkout (undefined: none), to tell whether a pull request edits it. */
export function policyFileHash(root: string): string | undefined {
  const file = join(root, POLICY_FILE);
  return existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : undefined;
}
