/**
 * Ordering of semantic versions without a dependency (runs in the workflow sandbox):
 * major.minor.patch numerically, a pre-release sorts before its release.
 * @module
 */
/**
 * Same as `SEMVER_PATTERN` in @flowops/core (kept local so the system workflow bundle does not
 * pull in the whole core package: its cache key then depends on the registry sources only).
 */
export const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$/;

/** Negative when a < b, 0 when equal, positive when a > b. Non-semver strings compare as text. */
export function compareSemver(a: string, b: string): number {
  const ma = SEMVER.exec(a);
  const mb = SEMVER.exec(b);
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
