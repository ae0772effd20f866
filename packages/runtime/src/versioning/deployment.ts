/**
 * A worker deployment as flowops shows it (`flowops workers`): current and ramping version, and
 * per version its pollers on the environment's task queue and how many runs are still pinned to
 * it (draining while > 0). Also promotion (current or ramping) and the start-up rule of
 * `flowops worker`: a version becomes current by itself only when the deployment has none.
 * @module
 */
import { FlowError } from '@flowops/core';
import type { Client } from '@temporalio/client';
import { versionString } from './build-id';

/** One version of a deployment. */
export interface DeploymentVersionView {
  buildId: string;
  /** `current`, `ramping`, `draining`, `drained` or `inactive` (Temporal's version status). */
  status: string;
  /** Worker identities polling the task queue as this version. */
  pollers: string[];
  /** Running workflows pinned to this version (visibility: TemporalWorkerDeploymentVersion). */
  pinnedRuns: number;
  createdAt: string | undefined;
}

/** A deployment and its versions, newest first. */
export interface DeploymentView {
  deploymentName: string;
  exists: boolean;
  current: string | undefined;
  ramping: string | undefined;
  rampPercent: number;
  versions: DeploymentVersionView[];
}

const NOT_FOUND = 5;
const grpcCode = (err: unknown): number | undefined => (err as { code?: number }).code;
const UNVERSIONED = '__unversioned__';

function buildIdOf(version: string | null | undefined, deploymentName: string): string | undefined {
  if (!version || version === UNVERSIONED) return undefined;
  return version.startsWith(`${deploymentName}.`) ? version.slice(deploymentName.length + 1) : version;
}

const STATUS: Record<string, string> = {
  WORKER_DEPLOYMENT_VERSION_STATUS_INACTIVE: 'inactive',
  WORKER_DEPLOYMENT_VERSION_STATUS_CURRENT: 'current',
  WORKER_DEPLOYMENT_VERSION_STATUS_RAMPING: 'ramping',
  WORKER_DEPLOYMENT_VERSION_STATUS_DRAINING: 'draining',
  WORKER_DEPLOYMENT_VERSION_STATUS_DRAINED: 'drained',
  1: 'inactive',
  2: 'current',
  3: 'ramping',
  4: 'draining',
  5: 'drained',
};

/** Pollers of the task queue (workflow and activity) grouped by the build id they poll as. */
async function pollersByBuild(client: Client, taskQueue: string, deploymentName: string): Promise<Map<string, Set<string>>> {
  const byBuild = new Map<string, Set<string>>();
  for (const taskQueueType of [1, 2]) {
    const { pollers } = await client.workflowService.describeTaskQueue({ namespace: client.options.namespace, taskQueue: { name: taskQueue }, taskQueueType });
    for (const p of pollers ?? []) {
      if (p.deploymentOptions?.deploymentName !== deploymentName || !p.deploymentOptions.buildId) continue;
      const set = byBuild.get(p.deploymentOptions.buildId) ?? new Set<string>();
      set.add(p.identity ?? '?');
      byBuild.set(p.deploymentOptions.buildId, set);
    }
  }
  return byBuild;
}

/** Describe a deployment; a deployment no worker has polled yet comes back with `exists: false`. */
export async function describeDeployment(client: Client, deploymentName: string, taskQueue: string): Promise<DeploymentView> {
  let info: Awaited<ReturnType<Client['workflowService']['describeWorkerDeployment']>>['workerDeploymentInfo'];
  try {
    ({ workerDeploymentInfo: info } = await client.workflowService.describeWorkerDeployment({ namespace: client.options.namespace, deploymentName }));
  } catch (err) {
    if (grpcCode(err) !== NOT_FOUND) throw err;
    return { deploymentName, exists: false, current: undefined, ramping: undefined, rampPercent: 0, versions: [] };
  }
  const routing = info?.routingConfig;
  const pollers = await pollersByBuild(client, taskQueue, deploymentName);
  const versions: DeploymentVersionView[] = [];
  for (const s of info?.versionSummaries ?? []) {
    const buildId = s.deploymentVersion?.buildId ?? buildIdOf(s.version, deploymentName);
    if (!buildId) continue;
    const { count } = await client.workflow.count(`TemporalWorkerDeploymentVersion="${versionString(deploymentName, buildId)}" AND ExecutionStatus="Running"`);
    const created = s.createTime?.seconds ? new Date(Number(s.createTime.seconds) * 1000).toISOString() : undefined;
    versions.push({
      buildId,
      status: STATUS[String(s.status)] ?? 'inactive',
      pollers: [...(pollers.get(buildId) ?? [])].sort(),
      pinnedRuns: count,
      createdAt: created,
    });
  }
  versions.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
  return {
    deploymentName,
    exists: true,
    current: routing?.currentDeploymentVersion?.buildId ?? buildIdOf(routing?.currentVersion, deploymentName),
    ramping: routing?.rampingDeploymentVersion?.buildId ?? buildIdOf(routing?.rampingVersion, deploymentName),
    rampPercent: routing?.rampingVersionPercentage ?? 0,
    versions,
  };
}

export interface PromoteOptions {
  deploymentName: string;
  taskQueue: string;
  buildId: string;
  /** Ramp this share of new runs (0 < p ≤ 100) instead of making the version current. */
  rampPercent?: number | undefined;
  /** Promote even when no worker polls as that version. */
  force?: boolean | undefined;
  identity?: string | undefined;
}

/** Make a version current (or ramping). Refuses an unknown version, and one without pollers unless forced. */
export async function promoteVersion(client: Client, o: PromoteOptions): Promise<DeploymentView> {
  const view = await describeDeployment(client, o.deploymentName, o.taskQueue);
  const version = view.versions.find((v) => v.buildId === o.buildId);
  if (!version) {
    throw new FlowError({
      code: 'FLOW_UNKNOWN_WORKER_VERSION',
      message: `deployment ${o.deploymentName} has no version "${o.buildId}" (known: ${view.versions.map((v) => v.buildId).join(', ') || 'none'})`,
      hint: 'start `flowops worker` with the new code first, then promote the build id it prints (see `flowops workers`)',
    });
  }
  if (version.pollers.length === 0 && !o.force) {
    throw new FlowError({
      code: 'FLOW_WORKER_VERSION_NO_POLLERS',
      message: `no worker polls ${o.taskQueue} as ${o.deploymentName} version ${o.buildId}: its runs would wait for a worker`,
      hint: 'start a worker of that version first, or pass --force if one is about to start',
    });
  }
  const base = {
    namespace: client.options.namespace,
    deploymentName: o.deploymentName,
    buildId: o.buildId,
    identity: o.identity ?? 'flowops',
    allowNoPollers: !!o.force,
  };
  if (o.rampPercent !== undefined) {
    await client.workflowService.setWorkerDeploymentRampingVersion({ ...base, percentage: o.rampPercent });
  } else {
    await client.workflowService.setWorkerDeploymentCurrentVersion(base);
  }
  return describeDeployment(client, o.deploymentName, o.taskQueue);
}

/**
 * Called by `flowops worker` once it polls: make its version current when the deployment has no
 * current version (a first deployment, `flowops dev`, a fresh task queue) or when `promote` is
 * set. Otherwise the version waits for `flowops workers promote`. Returns whether it is current.
 */
export async function adoptVersionIfNone(
  client: Client,
  o: { deploymentName: string; buildId: string; promote?: boolean | undefined; identity?: string | undefined; timeoutMs?: number | undefined },
): Promise<'current' | 'not-current'> {
  const until = Date.now() + (o.timeoutMs ?? 60_000);
  for (;;) {
    try {
      const d = await client.workflowService.describeWorkerDeployment({ namespace: client.options.namespace, deploymentName: o.deploymentName });
      const routing = d.workerDeploymentInfo?.routingConfig;
      const current = routing?.currentDeploymentVersion?.buildId ?? buildIdOf(routing?.currentVersion, o.deploymentName);
      if (current === o.buildId) return 'current';
      if (current && !o.promote) return 'not-current';
      const known = (d.workerDeploymentInfo?.versionSummaries ?? []).some(
        (s) => (s.deploymentVersion?.buildId ?? buildIdOf(s.version, o.deploymentName)) === o.buildId,
      );
      if (known) {
        await client.workflowService.setWorkerDeploymentCurrentVersion({
          namespace: client.options.namespace,
          deploymentName: o.deploymentName,
          buildId: o.buildId,
          conflictToken: d.conflictToken,
          identity: o.identity ?? 'flowops worker',
        });
        return 'current';
      }
    } catch (err) {
      // NOT_FOUND until our first poll registers the deployment; FAILED_PRECONDITION while the
      // version's task queues register or another replica moved first (re-describe and retry).
      if (Date.now() > until) throw err;
    }
    if (Date.now() > until) return 'not-current';
    await new Promise((r) => setTimeout(r, 500));
  }
}
