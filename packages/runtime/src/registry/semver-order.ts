/**
 * Ordering of semantic versions without a dependency (runs in the workflow sandbox):
 * major.minor.patch numerically, a pre-release sorts before its release.
 * @module
 */
import { SEMVER_PATTERN } from '@flowops/core';

/** Negative when a < b, 0 when equal, positive when a > b. Non-semver strings compare as text. */
export function compareSemver(a: string, b: string): number {
  const ma = SEMVER_PATTERN.exec(a);
  const mb = SEMVER_PATTERN.exec(b);
  if (!ma || !mb) return a < b ? -1 : a > b ? 1 : 0;
  for (let i = 1; i <= 3; i++) {
    const d = Number(ma[i]) - Number(mb[i]);
    if (d !== 0) return d;
  }
  const pa = a.includes('-') ? a.slice(a.indexOf('-') + 1) : undefined;
  const pb = b.includes('-') ? b.slice(b.indexOf('-') + 1) : undefined;
  if (pa === pb) return 0;
  if (pa === undefined) return 1;
  if (pb === undefined) return -1;
  return pa < pb ? -1 : 1;
}
