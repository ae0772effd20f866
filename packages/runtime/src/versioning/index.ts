/**
 * Worker versioning and replay: deployment names and build ids, the deployment view and
 * promotion behind `flowops workers`, and replaying interpreter histories (`flowops replay`,
 * the replay gate).
 * @module
 */
export { FLOWOPS_RELEASE, deploymentNameFor, versionString, workerBuildId } from './build-id';
export { type DeploymentVersionView, type DeploymentView, type PromoteOptions, adoptVersionIfNone, describeDeployment, promoteVersion } from './deployment';
export { type WorkerVersion, workerVersion } from './worker-version';
export { type NamedHistory, type ReplayOutcome, firstMismatch, parseSince, recentHistories, replayHistories } from './replay';
export { historyFromObject, historyToObject } from './history-file';
export { type InFlight, type InFlightGroup, describeInFlight, runsInFlight } from './in-flight';
