/**
 * Who may do what from a comment. Permission comes from the collaborator-permission endpoint's
 * `role_name` (custom roles map through their base: maintain counts as write, triage as read).
 * Pure; runs inside workflows.
 * @module
 */
import type { ParsedCommand } from './parse-command';

export type Access = 'admin' | 'write' | 'read' | 'none';

/** `role_name` → access. Unknown custom role names fall back to the legacy `permission`. */
export function accessFromRole(roleName: string | undefined, permission?: string): Access {
  switch (roleName) {
    case 'admin':
      return 'admin';
    case 'maintain':
    case 'write':
      return 'write';
    case 'triage':
    case 'read':
      return 'read';
    default:
      if (permission === 'admin' || permission === 'write' || permission === 'read') return permission;
      return 'none';
  }
}

const RANK: Record<Access, number> = { none: 0, read: 1, write: 2, admin: 3 };

export const DEFAULT_ENV = 'staging';

/** What the comment path needs to know of an environment in flowops.config.ts. */
export interface EnvironmentPolicy {
  runners: string[];
  /** Runs only the published definition and only for `runners` (`isProtectedEnvironment` in @flowops/sdk). */
  protected: boolean;
}

/** `write`, `maintain` or `admin`: the access needed to have a pull request's code compiled. */
export function canWrite(access: Access): boolean {
  return RANK[access] >= RANK.write;
}

export interface AuthorizeInput {
  command: ParsedCommand;
  login: string;
  access: Access;
  /** Environments known to flowops.config.ts with their `runners` and protection. */
  environments: Record<string, EnvironmentPolicy>;
  /** The `runners` entry (login or org/team) the user matched in the command's environment, if any. */
  runnerMatch: string | undefined;
}

export type Decision = { allowed: true; env: string | undefined } | { allowed: false; reason: string };

/** The environment a command targets (run/dry-run/plan/skip default to staging). */
export function commandEnv(command: ParsedCommand): string | undefined {
  if (command.kind === 'run' || command.kind === 'dry-run' || command.kind === 'plan' || command.kind === 'skip') return command.env ?? DEFAULT_ENV;
  return undefined;
}

export function authorize(input: AuthorizeInput): Decision {
  const { command, login, access } = input;
  if (command.kind === 'invalid') return { allowed: false, reason: command.error };
  // approve-policy: read access to ask; whether the commenter owns the set is the caller's check.
  if (command.kind === 'help' || command.kind === 'approve-policy') {
    return RANK[access] >= RANK.read ? { allowed: true, env: undefined } : { allowed: false, reason: `@${login} has no access to this repository` };
  }
  const env = commandEnv(command)!;
  if (!canWrite(access)) {
    return { allowed: false, reason: `@${login} has ${access} access; \`/flowops ${command.kind}\` needs write access or above (maintain counts as write)` };
  }
  const config = Object.hasOwn(input.environments, env) ? input.environments[env] : undefined;
  if (!config) {
    const known = Object.keys(input.environments);
    return { allowed: false, reason: `environment "${env}" is not defined in flowops.config.ts (known: ${known.join(', ') || 'none'})` };
  }
  if (command.kind === 'plan') return { allowed: true, env };
  if (config.protected && config.runners.length === 0) {
    return {
      allowed: false,
      reason: `${env} is a protected environment: runs there need the users or teams listed in \`environments.${env}.runners\` of flowops.config.ts, and none are configured`,
    };
  }
  if (config.runners.length > 0 && !input.runnerMatch) {
    return { allowed: false, reason: `@${login} is not among the runners of ${env} (${config.runners.join(', ')})` };
  }
  return { allowed: true, env };
}

/**
 * The refusal of `/flowops run` of a `visibility: private` workflow by `login`, who matched neither
 * its owner login nor its owner team (`ownerMatch` undefined); undefined when allowed.
 */
export function runVisibilityRefusal(o: { login: string; workflow: string; owner: string; ownerMatch: string | undefined }): string | undefined {
  if (o.ownerMatch) return undefined;
  return (
    `${o.workflow} is \`visibility: private\`: only its owner ${o.owner} may \`/flowops run\` it, and @${o.login} is not ${o.owner.includes('/') ? 'a member of that team' : 'that user'}` +
    ` — To fix: ask a member of ${o.owner} to run it, or have the owner declare \`visibility: public\` on the default branch [FLOW_RUN_NOT_ALLOWED]`
  );
}
