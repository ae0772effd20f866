/**
 * `uses` against the plugin catalog: unknown plugin/action (FLOW_UNKNOWN_PLUGIN, with the
 * nearest name), major mismatch (FLOW_PLUGIN_VERSION), and `with` against the action's zod
 * input (FLOW_PLUGIN_INPUT). Fields holding references or templates are unknown until run
 * time: they are removed before parsing and issues under them are not reported.
 * @module
 */
import { parseUses, type Value, type Workflow } from '@flowops/core';
import type { ActionContract, PluginContract } from '@flowops/sdk';
import type { Catalog } from './catalog';
import { formatPath, type Report } from './context';
import type { IrPath } from './locator';
import { nearest } from '@flowops/core';
import { actionSchema, unknownKeys } from './plugin-schemas';
import { walkWithPaths } from './walk';

export type ActionLookup =
  | { ok: true; plugin: PluginContract; action: ActionContract }
  | { ok: false; code: 'FLOW_UNKNOWN_PLUGIN' | 'FLOW_PLUGIN_VERSION'; message: string; hint: string };

export function lookupAction(catalog: Catalog, uses: string): ActionLookup {
  const parsed = parseUses(uses);
  if (!parsed) return { ok: false, code: 'FLOW_UNKNOWN_PLUGIN', message: `"${uses}" is not <plugin>.<action>@<major>`, hint: 'write e.g. "http.request@1"' };
  const plugin = catalog.plugins.get(parsed.plugin);
  const installed = [...catalog.plugins.keys()].sort();
  if (!plugin) {
    const guess = nearest(parsed.plugin, installed);
    return {
      ok: false,
      code: 'FLOW_UNKNOWN_PLUGIN',
      message: `unknown plugin "${parsed.plugin}" in "${uses}"`,
      hint: `${guess ? `did you mean "${guess}"? ` : ''}installed plugins: ${installed.join(', ') || '(none)'}; install @flowops/plugin-${parsed.plugin} or list it in flowops.config.ts`,
    };
  }
  const action = plugin.actions[parsed.action];
  if (!action) {
    const names = Object.keys(plugin.actions).sort();
    const guess = nearest(parsed.action, names);
    return {
      ok: false,
      code: 'FLOW_UNKNOWN_PLUGIN',
      message: `plugin "${plugin.name}" has no action "${parsed.action}" (in "${uses}")`,
      hint: `${guess ? `did you mean "${plugin.name}.${guess}@${parsed.major}"? ` : ''}actions of ${plugin.name}: ${names.join(', ')}`,
    };
  }
  const major = Number(plugin.version.split('.')[0]);
  if (major !== parsed.major) {
    return {
      ok: false,
      code: 'FLOW_PLUGIN_VERSION',
      message: `"${uses}" asks for major ${parsed.major} of plugin "${plugin.name}", but version ${plugin.version} is installed`,
      hint: `use "${plugin.name}.${parsed.action}@${major}" (check the plugin's changelog for breaking changes) or install a matching version`,
    };
  }
  return { ok: true, plugin, action };
}

/** True when a value contains a `{{ … }}` anywhere (reference or template). */
function isDynamic(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{');
  if (Array.isArray(value)) return value.some(isDynamic);
  if (value && typeof value === 'object') return Object.values(value).some(isDynamic);
  return false;
}

/** Copy of `with` without dynamic leaves (arrays holding one are dropped whole); their paths. */
export function stripDynamic(value: Record<string, Value>): { literal: Record<string, unknown>; dynamic: IrPath[] } {
  const dynamic: IrPath[] = [];
  const strip = (v: unknown, path: (string | number)[]): unknown => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(v)) {
        if (isDynamic(child) && (typeof child === 'string' || Array.isArray(child))) dynamic.push([...path, k]);
        else out[k] = strip(child, [...path, k]);
      }
      return out;
    }
    return v;
  };
  return { literal: strip(value, []) as Record<string, unknown>, dynamic };
}

function startsWith(path: IrPath, prefix: IrPath): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => p === path[i]);
}

export function checkInput(action: ActionContract, withValue: Record<string, Value>): { path: IrPath; message: string; hint?: string }[] {
  const { literal, dynamic } = stripDynamic(withValue);
  // \`with\` is strict: a key the input schema does not declare (\`header:\` for \`headers:\`) would be
  // dropped silently by zod's default object; it is a mistake, with a did-you-mean.
  const out: { path: IrPath; message: string; hint?: string }[] = unknownKeys(actionSchema(action, 'input'), withValue).map((u) => {
    const guess = nearest(u.key, u.known);
    return {
      path: u.path,
      message: `"${u.key}" is not an input of this action`,
      hint: `${guess ? `did you mean "${guess}"? ` : ''}inputs: ${u.known.join(', ') || '(none)'}`,
    };
  });
  const result = action.input.safeParse(literal);
  if (result.success) return out;
  for (const issue of result.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (dynamic.some((d) => startsWith(path, d))) continue;
    // An object-level issue cannot be attributed when dynamic fields were removed.
    if (path.length === 0 && dynamic.length > 0 && issue.code !== 'unrecognized_keys') continue;
    // A strict schema's own unknown-key issue: already reported above, with a did-you-mean.
    if (issue.code === 'unrecognized_keys' && out.length > 0) continue;
    out.push({ path, message: issue.message });
  }
  return out;
}

export function checkPlugins(ir: Workflow, catalog: Catalog, report: Report): void {
  for (const { step, path } of walkWithPaths(ir.steps)) {
    if (step.type !== 'action') continue;
    const calls: { uses: string; with: Record<string, Value>; path: IrPath }[] = [{ uses: step.uses, with: step.with, path }];
    if (step.compensate) calls.push({ uses: step.compensate.uses, with: step.compensate.with, path: [...path, 'compensate'] });
    for (const call of calls) {
      const found = lookupAction(catalog, call.uses);
      if (!found.ok) {
        report({ code: found.code, message: `step "${step.id}": ${found.message}`, hint: found.hint, path: [...call.path, 'uses'], step: step.id });
        continue;
      }
      for (const issue of checkInput(found.action, call.with)) {
        const where = formatPath(['with', ...issue.path]);
        report({
          code: 'FLOW_PLUGIN_INPUT',
          message: `step "${step.id}": ${where} is invalid for ${call.uses}: ${issue.message}`,
          hint:
            issue.hint ?? `give ${where} a value that ${found.plugin.name}.${call.uses.split('.')[1]?.split('@')[0]} accepts (see the plugin's input schema)`,
          path: [...call.path, 'with', ...issue.path],
          step: step.id,
        });
      }
    }
  }
}
