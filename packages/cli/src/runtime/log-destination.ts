/**
 * Where a served worker's logs go: JSON lines for machines (`flowops worker`, the default there),
 * or one readable line per entry for people (`flowops dev`, the default there) through pino-pretty.
 * `FLOWOPS_LOG_FORMAT=json|pretty` overrides either. Redaction runs before either format sees a
 * line (createLogger's hook), so the pretty form shows exactly what the JSON form would.
 * @module
 */
import { FlowError } from '@flowops/core';
import type { DestinationStream } from 'pino';
import pinoPretty from 'pino-pretty';

export type LogFormat = 'json' | 'pretty';

/** The format asked for by FLOWOPS_LOG_FORMAT, else `fallback`; an unknown value is refused. */
export function logFormat(fallback: LogFormat, env: NodeJS.ProcessEnv = process.env): LogFormat {
  const asked = env.FLOWOPS_LOG_FORMAT?.trim();
  if (!asked) return fallback;
  if (asked === 'json' || asked === 'pretty') return asked;
  throw new FlowError({ code: 'FLOW_CONFIG_INVALID', message: `FLOWOPS_LOG_FORMAT is "${asked}"`, hint: 'set it to json or pretty, or unset it' });
}

/** A pretty destination on stdout (`undefined` for JSON: the logger's default destination). */
export function logDestination(format: LogFormat, o: { colorize?: boolean; destination?: number | NodeJS.WritableStream } = {}): DestinationStream | undefined {
  if (format === 'json') return undefined;
  return pinoPretty({
    colorize: o.colorize ?? (process.stdout.isTTY === true && !process.env.NO_COLOR),
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,name',
    singleLine: true,
    sync: true,
    destination: o.destination ?? 1,
  });
}
