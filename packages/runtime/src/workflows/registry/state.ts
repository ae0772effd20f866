/**
 * The registry's rules as pure functions: check a command against the state (the update
 * validator) and apply it (the update handler). Deterministic and sandbox-safe: versions are
 * ordered by the `semver` package (pure JS, no Node built-ins), `1.0.0-alpha.10` after `alpha.2`.
 * @module
 */
import { type FlowCode, SEMVER_PATTERN } from '@flowops/core';
import compareSemver from 'semver/functions/compare.js';
import type {
  ActivateCommand,
  AuditEvent,
  AuditKind,
  ChangeMeta,
  ChangeResult,
  DeactivateCommand,
  PublishCommand,
  RegistryIndex,
  RegistryState,
  RegistrySummary,
} from './types';

/** Audit events kept in the state (older ones are counted in `auditTotal`). */
export const MAX_AUDIT = 100;
/** IRs kept; the oldest inactive versions beyond this are dropped (metadata and hash stay). */
export const MAX_DEFINITIONS = 25;

/** A refused command: becomes an `ApplicationFailure` whose `type` is the code. */
export interface Refusal {
  code: FlowCode;
  message: string;
}

export function initialState(name: string): RegistryState {
  return { name, versions: [], definitions: {}, active: null, audit: [], auditTotal: 0, generation: 0 };
}

export function indexOf(state: RegistryState): RegistryIndex {
  const versions: Record<string, string> = {};
  for (const v of state.versions) versions[v.version] = v.hash;
  const activeHash = state.active === null ? null : (versions[state.active] ?? null);
  const lastActivation = [...state.audit].reverse().find((e) => e.kind !== 'publish');
  return {
    name: state.name,
    active: state.active,
    activeHash,
    activeGitSha: state.active === null ? null : (lastActivation?.gitSha ?? null),
    versions,
    auditTotal: state.auditTotal,
  };
}

export function summaryOf(state: RegistryState): RegistrySummary {
  const { definitions: _d, ...rest } = state;
  return { ...rest, activeHash: indexOf(state).activeHash };
}

const hashOf = (state: RegistryState, version: string): string | undefined => state.versions.find((v) => v.version === version)?.hash;

export function checkPublish(state: RegistryState, cmd: PublishCommand): Refusal | undefined {
  if (typeof cmd.version !== 'string' || !SEMVER_PATTERN.test(cmd.version)) {
    return {
      code: 'FLOW_VERSION_INVALID',
      message:
        `${state.name}: version "${String(cmd.version)}" is not semver — ` + `To fix: set "version" in workflows/${state.name}/package.json to e.g. "1.2.0"`,
    };
  }
  if (cmd.ir?.name !== state.name || cmd.ir?.version !== cmd.version) {
    return {
      code: 'FLOW_SCHEMA_INVALID',
      message:
        `${state.name}@${cmd.version}: the definition is ${String(cmd.ir?.name)}@${String(cmd.ir?.version)} — ` +
        'To fix: publish the IR compiled for this name and version',
    };
  }
  if (!/^(?:[a-z0-9]+:)?[0-9a-f]{16,128}$/i.test(cmd.hash ?? '')) {
    return { code: 'FLOW_SCHEMA_INVALID', message: `${state.name}@${cmd.version}: hash "${String(cmd.hash)}" is not a hex digest` };
  }
  const existing = hashOf(state, cmd.version);
  if (existing !== undefined && existing !== cmd.hash) {
    return {
      code: 'FLOW_VERSION_IMMUTABLE',
      message:
        `${state.name}@${cmd.version} is already published with hash ${existing.slice(0, 12)}, not ${cmd.hash.slice(0, 12)} — ` +
        `To fix: bump the version in workflows/${state.name}/package.json (published versions never change)`,
    };
  }
  return undefined;
}

export function checkActivate(state: RegistryState, cmd: ActivateCommand): Refusal | undefined {
  if (hashOf(state, cmd.version) === undefined) {
    return {
      code: 'FLOW_UNKNOWN_VERSION',
      message:
        `${state.name}@${cmd.version} was never published ` +
        `(known: ${state.versions.map((v) => v.version).join(', ') || 'none'}) — To fix: publish it first`,
    };
  }
  if (state.definitions[cmd.version] === undefined) {
    return {
      code: 'FLOW_UNKNOWN_VERSION',
      message: `${state.name}@${cmd.version}: its definition was pruned from the registry — To fix: publish it again from git (same hash) to restore it`,
    };
  }
  return undefined;
}

function record(state: RegistryState, now: string, kind: AuditKind, meta: ChangeMeta, version?: string): AuditEvent {
  state.auditTotal += 1;
  const event: AuditEvent = {
    seq: state.auditTotal,
    kind,
    at: now,
    actor: meta.actor,
    source: meta.source,
    ...(meta.gitSha ? { gitSha: meta.gitSha } : {}),
    ...(meta.note ? { note: meta.note } : {}),
    ...(version ? { version, hash: hashOf(state, version) } : {}),
  };
  state.audit.push(event);
  if (state.audit.length > MAX_AUDIT) state.audit.splice(0, state.audit.length - MAX_AUDIT);
  return event;
}

function activateIn(state: RegistryState, version: string, meta: ChangeMeta, now: string): AuditEvent | undefined {
  if (state.active === version) return undefined;
  const kind: AuditKind = state.active !== null && compareSemver(version, state.active) < 0 ? 'rollback' : 'activate';
  state.active = version;
  return record(state, now, kind, meta, version);
}

function prune(state: RegistryState, keep: string): void {
  const kept = Object.keys(state.definitions);
  if (kept.length <= MAX_DEFINITIONS) return;
  const order = state.versions.map((v) => v.version).filter((v) => v !== state.active && v !== keep && state.definitions[v] !== undefined);
  for (const v of order.slice(0, kept.length - MAX_DEFINITIONS)) delete state.definitions[v];
}

/** Apply a checked publish. Same version and hash again: no-op (or just activation). */
export function applyPublish(state: RegistryState, cmd: PublishCommand, now: string): ChangeResult {
  const events: AuditEvent[] = [];
  if (hashOf(state, cmd.version) === undefined) {
    state.versions.push({
      version: cmd.version,
      hash: cmd.hash,
      publishedAt: now,
      actor: cmd.meta.actor,
      source: cmd.meta.source,
      ...(cmd.meta.gitSha ? { gitSha: cmd.meta.gitSha } : {}),
    });
    state.definitions[cmd.version] = cmd.ir;
    events.push(record(state, now, 'publish', cmd.meta, cmd.version));
  } else if (state.definitions[cmd.version] === undefined) {
    state.definitions[cmd.version] = cmd.ir; // restore a pruned definition; not a change
  }
  if (cmd.activate !== false) {
    const e = activateIn(state, cmd.version, cmd.meta, now);
    if (e) events.push(e);
  }
  prune(state, cmd.version);
  return { changed: events.length > 0, events, index: indexOf(state) };
}

export function applyActivate(state: RegistryState, cmd: ActivateCommand, now: string): ChangeResult {
  const e = activateIn(state, cmd.version, cmd.meta, now);
  return { changed: e !== undefined, events: e ? [e] : [], index: indexOf(state) };
}

export function applyDeactivate(state: RegistryState, cmd: DeactivateCommand, now: string): ChangeResult {
  if (state.active === null) return { changed: false, events: [], index: indexOf(state) };
  const version = state.active;
  state.active = null;
  const e = record(state, now, 'deactivate', cmd.meta, version);
  return { changed: true, events: [e], index: indexOf(state) };
}
