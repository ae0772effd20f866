/**
 * The standard plugin implementations a worker carries (`@flowops/plugin-<name>/worker`).
 * Plugins whose worker module is missing are reported and skipped.
 * @module
 */
import type { PluginImplementation } from '@flowops/sdk';

export const STANDARD_PLUGINS = ['http', 'log', 'transform', 'slack', 'github'] as const;

function isImplementation(v: unknown): v is PluginImplementation {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'flowops.plugin-implementation';
}

export async function loadStandardPlugins(warn: (message: string) => void = (m) => process.stderr.write(`${m}\n`)): Promise<PluginImplementation[]> {
  const out: PluginImplementation[] = [];
  for (const name of STANDARD_PLUGINS) {
    try {
      const mod = (await import(`@flowops/plugin-${name}/worker`)) as Record<string, unknown>;
      const impl = [mod.default, ...Object.values(mod)].find(isImplementation);
      if (impl) out.push(impl);
      else warn(`flowops: @flowops/plugin-${name}/worker exports no plugin implementation; skipped`);
    } catch (err) {
      warn(`flowops: plugin ${name} is not available on this worker (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); skipped`);
    }
  }
  return out;
}
