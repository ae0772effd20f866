/** `flowops runs retention`: the namespace's retention, and the config's (applied with --apply). @module */
import { formatRetention, getRetention, parseRetention, setRetention } from '@flowops/runtime';
import { formatOf, parse, usageError } from '../../args';
import { COMMON_OPTIONS, RUNS_FORMATS, print, withClient } from './common';

export const name = 'retention';
export const summary = "Show the environment's namespace retention; --apply sets it to the config's `retention`";
export const usage = `flowops runs retention [--apply] [--env local] [--format pretty|json] [--json]

  Closed runs are kept this long by Temporal. Set it per environment in flowops.config.ts
  (environments.<name>.retention: '30d') and apply it with --apply.`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, { ...COMMON_OPTIONS, apply: { type: 'boolean' } }, usage);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const json = formatOf(values, RUNS_FORMATS, usage) === 'json';
  return withClient(values.env, async (client, renv) => {
    const configured = renv.env.retention;
    if (values.apply) {
      if (!configured) throw usageError(`environment "${renv.env.name}" has no retention in flowops.config.ts; add retention: '30d' to it`, usage);
      await setRetention(client, parseRetention(configured));
    }
    const current = await getRetention(client);
    const data = {
      environment: renv.env.name,
      namespace: renv.namespace,
      retention: current === undefined ? undefined : formatRetention(current),
      configured,
      applied: values.apply === true,
    };
    print(json, data, () =>
      [
        `${renv.namespace} (${renv.env.name}): closed runs kept ${data.retention ?? 'unknown'}`,
        configured
          ? `  configured: ${configured}${values.apply ? ' (applied)' : data.retention === formatRetention(parseRetention(configured)) ? '' : ' — run with --apply to set it'}`
          : '  not set in flowops.config.ts',
        '',
      ].join('\n'),
    );
    return 0;
  });
}
