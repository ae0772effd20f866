/**
 * The next free version of a workflow: one patch above the highest version it ever had (published,
 * or in git history). Published versions never change, so a fix-forward after a rollback bumps to
 * this one, never to a version that was already used.
 * Home of the rule: `flowops rollback`, `plan` (@flowops/gitops) and `check --base` use it.
 * @module
 */
import compareSemver from 'semver/functions/compare.js';

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * One patch above the highest of `versions` (semver order; a prerelease `1.2.0-rc.1` as highest
 * gives `1.2.0`, as `semver.inc(v, 'patch')` does). Versions that are not semver are ignored;
 * undefined when none is.
 */
export function nextFreeVersion(versions: Iterable<string>): string | undefined {
  let highest: string | undefined;
  for (const v of versions) {
    if (!SEMVER.test(v)) continue;
    if (highest === undefined || compareSemver(v, highest) > 0) highest = v;
  }
  if (highest === undefined) return undefined;
  const [, major, minor, patch] = SEMVER.exec(highest)!;
  const release = `${major}.${minor}.${patch}`;
  return release !== highest.replace(/\+.*$/, '') ? release : `${major}.${minor}.${Number(patch) + 1}`;
}
