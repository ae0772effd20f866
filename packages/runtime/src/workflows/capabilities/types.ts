/**
 * Plugin capability records: which plugin actions (`<plugin>.<action>@<major>`) the workers of
 * a task queue serve. Workers heartbeat a record into a tiny system workflow per task queue
 * (`flowops-capabilities-<taskQueue>`); plan and publish read it. Sandbox-safe.
 * @module
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';

export const CAPABILITIES_WORKFLOW_TYPE = 'flowopsCapabilities';
export const capabilitiesWorkflowId = (taskQueue: string): string => `flowops-capabilities-${taskQueue}`;

/** A worker is live while its last heartbeat is younger than this. */
export const CAPABILITY_TTL_MS = 90_000;
/** How often workers heartbeat. */
export const CAPABILITY_HEARTBEAT_MS = 30_000;

export interface WorkerCapability {
  identity: string;
  /** `<plugin>.<action>@<major>` strings. */
  actions: string[];
  /** The worker's clock (ms since epoch) at its last heartbeat. */
  lastSeen: number;
}

export interface HeartbeatSignal {
  identity: string;
  actions: string[];
  /** The worker's clock (ms since epoch) when it sent the heartbeat: signals may be processed later. */
  at: number;
}

export interface CapabilitiesArgs {
  taskQueue: string;
  workers?: WorkerCapability[] | undefined;
}

export const heartbeatSignal = defineSignal<[HeartbeatSignal]>('heartbeat');
export const leaveSignal = defineSignal<[{ identity: string }]>('leave');
/** Every worker record; liveness is judged by the reader against its own clock. */
export const capabilitiesQuery = defineQuery<WorkerCapability[]>('capabilities');
