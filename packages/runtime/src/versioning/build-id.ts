/**
 * Names of a worker deployment version: the deployment (one per environment and task queue) and
 * the build id, derived from the flowops release and the workflow code the worker runs, so the
 * same code always gets the same id and any change to the interpreter or the system workflows
 * gets a new one.
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The flowops release these workers come from (the runtime package's version). */
export const FLOWOPS_RELEASE: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Deployment names avoid '.' and ':' (they separate name and build id in version strings). */
const SAFE = /[^A-Za-z0-9_-]+/g;
const SAFE_BUILD = /[^A-Za-z0-9_.-]+/g;

/**
 * The deployment name of an environment: the configured one, or `flowops-<taskQueue>`.
 * @example deploymentNameFor('flowops') // 'flowops-flowops'
 */
export function deploymentNameFor(taskQueue: string, configured?: string | undefined): string {
  return configured ?? `flowops-${taskQueue.replace(SAFE, '-')}`;
}

/**
 * The build id of workers running the given workflow bundles: `<release>-<12 hex of sha256>`.
 * Stable for the same bundle code (webpack output holds no absolute paths), new for any change.
 * @example workerBuildId([interpreter.code, systemCode]) // '0.1.0-3f2a9c0d81b4'
 */
export function workerBuildId(bundleCodes: readonly string[], release: string = FLOWOPS_RELEASE): string {
  const h = createHash('sha256');
  for (const code of bundleCodes) h.update(String(code.length)).update(':').update(code);
  return `${release.replace(SAFE_BUILD, '-')}-${h.digest('hex').slice(0, 12)}`;
}

/** The `TemporalWorkerDeploymentVersion` search attribute value of a version. */
export function versionString(deploymentName: string, buildId: string): string {
  return `${deploymentName}:${buildId}`;
}
