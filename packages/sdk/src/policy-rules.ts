/**
 * The starter policy rules (`policyRules.*`). Each checks every step of the workflow (not only
 * `changedSteps`: an old violation stays one) and returns findings with the step and a hint.
 * @module
 */
import { type ActionStep, type Step, ancestorsOf, buildStepGraph, hostAllowed, parseUses, walkSteps } from '@flowops/core';
import type { PolicyContext, PolicyFinding, PolicyRule } from './policy';

function actionSteps(ctx: PolicyContext): { step: ActionStep; parents: Step[] }[] {
  return [...walkSteps(ctx.workflow.steps)].filter((e): e is { step: ActionStep; parents: Step[] } => e.step.type === 'action');
}

export interface WritesNeedApprovalOptions {
  /** Environments the rule applies to (default: every protected environment, e.g. `production`). */
  environments?: string[] | undefined;
}

/**
 * Every `effect: 'write'` step needs an approval before it (an approval step it waits for, or a
 * step with `checkpointAfter`) or a `compensate`.
 * @example
 * policyRules.writesNeedApprovalOrCompensation({ environments: ['production'] })
 */
function writesNeedApprovalOrCompensation(options: WritesNeedApprovalOptions = {}): PolicyRule {
  return {
    name: 'writes-need-approval-or-compensation',
    description: 'write steps need an approval before them or a compensation',
    appliesTo: (ctx) => (options.environments ? options.environments.includes(ctx.environment) : ctx.production),
    check(ctx) {
      const graph = buildStepGraph(ctx.workflow.steps);
      const findings: PolicyFinding[] = [];
      for (const { step } of actionSteps(ctx)) {
        if (step.effect !== 'write' || step.compensate) continue;
        const gated = ancestorsOf(graph, step.id).some((id) => {
          const s = graph.nodes.get(id)?.step;
          return s?.type === 'approval' || (s?.type === 'action' && s.checkpointAfter !== undefined);
        });
        if (gated) continue;
        findings.push({
          step: step.id,
          message: `step "${step.id}" writes in ${ctx.environment} without an approval or a compensation`,
          hint: `add an approval step that "${step.id}" waits for (approval(…) with dependsOn), or a compensate that undoes it`,
        });
      }
      return findings;
    },
  };
}

export interface HttpAllowedHostsOptions {
  /**
   * A URL whose host is a `{{ … }}` reference cannot be checked before the run: `allow` (default)
   * leaves it to the http plugin's run-time check; `deny` reports it.
   */
  templatedHosts?: 'allow' | 'deny' | undefined;
}

/** The host of a literal or partly templated URL; `templated` when the host itself holds `{{ }}`. */
function urlHost(url: string): { host: string } | 'templated' | 'invalid' {
  const m = /^\s*([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)?([^/?#]*)/.exec(url);
  const authority = m?.[2] ?? '';
  if (!m?.[1] || authority.includes('{{') || url.trimStart().startsWith('{{')) return url.includes('{{') ? 'templated' : 'invalid';
  try {
    return { host: new URL(url.replace(/\{\{[^}]*\}\}/g, 'x')).host };
  } catch {
    return 'invalid';
  }
}

/**
 * `http.*` steps (and their compensations) may only call these hosts (`api.acme.com`,
 * `*.internal.acme.com`). Only literal hosts can be checked here; the http plugin enforces the
 * same list at run time (`FLOWOPS_HTTP_ALLOWED_HOSTS`), which covers templated URLs.
 * @example
 * policyRules.httpAllowedHosts(['api.acme.com', '*.internal.acme.com'])
 */
function httpAllowedHosts(hosts: string[], options: HttpAllowedHostsOptions = {}): PolicyRule & { hosts: string[] } {
  return {
    name: 'http-allowed-hosts',
    description: `http steps call only ${hosts.join(', ')}`,
    hosts: [...hosts],
    check(ctx) {
      const findings: PolicyFinding[] = [];
      for (const { step } of actionSteps(ctx)) {
        for (const call of [step, ...(step.compensate ? [step.compensate] : [])]) {
          if (parseUses(call.uses)?.plugin !== 'http' || typeof call.with.url !== 'string') continue;
          const what = call === step ? `step "${step.id}"` : `the compensation of step "${step.id}"`;
          const host = urlHost(call.with.url);
          if (host === 'templated') {
            if (options.templatedHosts === 'deny')
              findings.push({
                step: step.id,
                message: `${what} calls a host not known at compile time (${call.with.url})`,
                hint: `write the host literally (one of ${hosts.join(', ')}) and template only the path`,
              });
          } else if (host === 'invalid') {
            findings.push({ step: step.id, message: `${what} has a url whose host cannot be read (${call.with.url})`, hint: 'use an absolute http(s) URL' });
          } else if (!hostAllowed(host.host, hosts)) {
            findings.push({
              step: step.id,
              message: `${what} calls ${host.host}, which is not an allowed host (${hosts.join(', ')})`,
              hint: `call one of ${hosts.join(', ')}, or add the host to httpAllowedHosts in flowops.policy.ts`,
            });
          }
        }
      }
      return findings;
    },
  };
}

/** `@acme/sre` and `acme/sre` name the same owner; compare case-insensitively. */
function ownerKey(owner: string): string {
  return `@${owner.trim().replace(/^@/, '').toLowerCase()}`;
}

/**
 * The workflow's `owner` must be named in CODEOWNERS (a team or login that exists for GitHub).
 * @example
 * policyRules.ownersInCodeowners()
 */
function ownersInCodeowners(): PolicyRule {
  return {
    name: 'owners-in-codeowners',
    description: 'the workflow owner is named in CODEOWNERS',
    check(ctx) {
      const known = new Set(ctx.codeowners.map(ownerKey));
      if (known.has(ownerKey(ctx.workflow.owner))) return [];
      return [
        {
          message:
            known.size === 0
              ? `owner "${ctx.workflow.owner}" of ${ctx.workflow.name} cannot be checked: no CODEOWNERS file names any owner`
              : `owner "${ctx.workflow.owner}" of ${ctx.workflow.name} is not named in CODEOWNERS`,
          hint: `set owner to a team or login from CODEOWNERS (${[...known].slice(0, 5).join(', ') || 'none yet'}) or add "${ctx.workflow.owner}" to .github/CODEOWNERS`,
        },
      ];
    },
  };
}

/**
 * A write step must not have `onError: 'continue'` (its own, its group's or the workflow
 * default's): a failed write would pass silently.
 * @example
 * policyRules.noContinueOnWrites()
 */
function noContinueOnWrites(): PolicyRule {
  return {
    name: 'no-continue-on-writes',
    description: "write steps do not use onError: 'continue'",
    check(ctx) {
      const findings: PolicyFinding[] = [];
      for (const { step, parents } of actionSteps(ctx)) {
        if (step.effect !== 'write') continue;
        const group = parents.find((p) => p.onError === 'continue');
        const own = step.onError === 'continue' ? 'continue' : group ? 'continue' : (step.onError ?? ctx.workflow.defaults?.onError);
        if (own !== 'continue') continue;
        const where = step.onError === 'continue' ? '' : group ? ` (from its group "${group.id}")` : ' (from the workflow defaults)';
        findings.push({
          step: step.id,
          message: `write step "${step.id}" has onError: 'continue'${where}: a failed write would pass silently`,
          hint: "remove onError: 'continue' (let the run fail, and add a compensate), or make the step effect: 'read' if it changes nothing",
        });
      }
      return findings;
    },
  };
}

/** The starter rules; combine them with your own `{ name, check }` rules in `definePolicy`. */
export const policyRules = { writesNeedApprovalOrCompensation, httpAllowedHosts, ownersInCodeowners, noContinueOnWrites } as const;
