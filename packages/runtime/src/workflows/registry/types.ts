/**
 * The registry's shapes and its Temporal handles (updates, queries). One long-running system
 * workflow per flowops workflow name (`flowops-registry-<name>`) holds that workflow's immutable
 * versions, the active one and an audit log. Sandbox-safe: imports only `@temporalio/workflow`
 * definitions and `@flowops/core` types.
 * @module
 */
import type { Workflow } from '@flowops/core';
import { defineQuery, defineUpdate } from '@temporalio/workflow';

/** Workflow type of the per-name registry workflow. */
export const REGISTRY_WORKFLOW_TYPE = 'flowopsRegistry';
/** Task queue the system workflows (registry, capabilities) run on. */
export const SYSTEM_TASK_QUEUE = 'flowops-system';
/** Workflow id of the registry workflow of `name`. */
export const registryWorkflowId = (name: string): string => `flowops-registry-${name}`;

/** Where a change came from. */
export type ChangeSource = 'ci' | 'cli' | 'app';
export type AuditKind = 'publish' | 'activate' | 'deactivate' | 'rollback';

/** Who made a change, when (set by the workflow), from which commit. */
export interface ChangeMeta {
  actor: string;
  source: ChangeSource;
  gitSha?: string | undefined;
  /** Free text, e.g. "reverted by 1a2b3c4". */
  note?: string | undefined;
}

export interface AuditEvent extends ChangeMeta {
  seq: number;
  kind: AuditKind;
  version?: string | undefined;
  hash?: string | undefined;
  /** ISO time (workflow time). */
  at: string;
}

export interface VersionRecord {
  version: string;
  hash: string;
  publishedAt: string;
  actor: string;
  source: ChangeSource;
  gitSha?: string | undefined;
}

/** Everything the registry workflow carries across continue-as-new. */
export interface RegistryState {
  name: string;
  versions: VersionRecord[];
  /** IR by version; the oldest inactive ones are dropped past MAX_DEFINITIONS (re-publish restores them). */
  definitions: Record<string, Workflow>;
  active: string | null;
  audit: AuditEvent[];
  /** Total events ever recorded (audit keeps the last MAX_AUDIT). */
  auditTotal: number;
  generation: number;
}

export interface RegistryArgs {
  name: string;
  state?: RegistryState | undefined;
  /** Continue as new after this many accepted changes (default 200). */
  maxChanges?: number | undefined;
}

/** Compact index kept in the workflow's memo (`flowops`): read by DescribeWorkflowExecution, no worker needed. */
export interface RegistryIndex {
  name: string;
  active: string | null;
  activeHash: string | null;
  /** Git commit the current activation came from (null when unknown): tells a revert from out-of-band drift. */
  activeGitSha: string | null;
  /** version → hash of every published version. */
  versions: Record<string, string>;
  auditTotal: number;
}

export interface PublishCommand {
  version: string;
  hash: string;
  ir: Workflow;
  /** Make it the active version (default true). */
  activate?: boolean | undefined;
  meta: ChangeMeta;
}

export interface ActivateCommand {
  version: string;
  meta: ChangeMeta;
}

export interface DeactivateCommand {
  meta: ChangeMeta;
}

/** What an accepted change did: `changed: false` is an idempotent no-op. */
export interface ChangeResult {
  changed: boolean;
  events: AuditEvent[];
  index: RegistryIndex;
}

/** What the `summary` query returns: the state without definitions. */
export interface RegistrySummary {
  name: string;
  active: string | null;
  activeHash: string | null;
  versions: VersionRecord[];
  audit: AuditEvent[];
  auditTotal: number;
  generation: number;
}

export const publishUpdate = defineUpdate<ChangeResult, [PublishCommand]>('publish');
export const activateUpdate = defineUpdate<ChangeResult, [ActivateCommand]>('activate');
export const deactivateUpdate = defineUpdate<ChangeResult, [DeactivateCommand]>('deactivate');
export const summaryQuery = defineQuery<RegistrySummary>('summary');
/** IR of a version (the active one when omitted); null when unknown or pruned. */
export const definitionQuery = defineQuery<Workflow | null, [string?]>('definition');
