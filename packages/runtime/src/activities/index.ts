/**
 * Activities for the worker: one per plugin action, named `<plugin>.<action>@<major>`.
 * @module
 */
import { FlowError } from '@flowops/core';
import type { ActionHandler, PluginImplementation } from '@flowops/sdk';
import type { ActionRequest, ActionResponse } from '../workflows/types';
import { type ActionSpec, type ActivityDeps, createActionActivity } from './action-activity';

export { type ActionLog, type ActionObserver, type ActionSpec, type ActivityDeps, createActionActivity, pluginFailure } from './action-activity';

export type ActionActivity = (req: ActionRequest) => Promise<ActionResponse>;

/** `<plugin>.<action>@<major>` of a plugin's action. */
export function activityName(plugin: { name: string; version: string }, action: string): string {
  return `${plugin.name}.${action}@${plugin.version.split('.')[0]}`;
}

/** Action specs of plugin implementations (throws FLOW_DUPLICATE_NAME if two serve the same name). */
export function actionSpecs(implementations: PluginImplementation[]): ActionSpec[] {
  const specs = new Map<string, ActionSpec>();
  for (const impl of implementations) {
    for (const [action, contract] of Object.entries(impl.contract.actions)) {
      const uses = activityName(impl.contract, action);
      const handler = (impl.handlers as Record<string, ActionHandler>)[action];
      if (!handler) continue;
      if (specs.has(uses)) {
        throw new FlowError({
          code: 'FLOW_DUPLICATE_NAME',
          message: `Two plugin implementations serve ${uses}`,
          hint: 'register each plugin (major version) once per worker',
        });
      }
      specs.set(uses, {
        uses,
        effect: contract.effect,
        input: contract.input,
        output: contract.output,
        run: (input, ctx) => handler.run(input, ctx),
        dryRun: handler.dryRun ? (input, ctx) => handler.dryRun!(input, ctx) : undefined,
      });
    }
  }
  return [...specs.values()];
}

/**
 * The activities map for `Worker.create({ activities })`.
 * @example
 * const activities = createActivities([httpWorker, logWorker], { secrets: new SecretResolver() });
 */
export function createActivities(implementations: PluginImplementation[], deps: ActivityDeps): Record<string, ActionActivity> {
  return activitiesFromSpecs(actionSpecs(implementations), deps);
}

export function activitiesFromSpecs(specs: ActionSpec[], deps: ActivityDeps): Record<string, ActionActivity> {
  return Object.fromEntries(specs.map((s) => [s.uses, createActionActivity(s, deps)]));
}
