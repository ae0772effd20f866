/**
 * The flowops logger: pino with fixed redaction paths plus a hook that runs the secret redactor
 * over every message, field and error before it is written.
 * @module
 */
import { type DestinationStream, type Level, type Logger, pino } from 'pino';
import { type Redactor, createRedactor } from '../redaction/redactor';
import { REDACTED } from '../redaction/sensitive-keys';

/** Paths pino always censors (cheap, before the redactor's full walk). */
export const DEFAULT_REDACT_PATHS = [
  'authorization',
  'password',
  'token',
  'secret',
  'apiKey',
  '*.authorization',
  '*.password',
  '*.token',
  '*.secret',
  '*.apiKey',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-api-key"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  '*.headers["x-api-key"]',
];

export interface LoggerOptions {
  name?: string;
  /** Default: `FLOWOPS_LOG_LEVEL` or `info`. */
  level?: Level | 'silent';
  /**
   * The redactor to run, or a function returning the current one (secrets resolved later are
   * then covered too). Default: a redactor for sensitive keys only.
   */
  redactor?: Redactor | (() => Redactor);
  /** Where to write (default stdout). */
  destination?: DestinationStream;
  /** Extra fields on every line. */
  base?: Record<string, unknown>;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** Redacts one argument of a log call: strings, errors (in place), objects (copied). */
export function redactLogArg(redactor: Redactor, arg: unknown): unknown {
  if (typeof arg === 'string') return redactor.redactText(arg);
  if (arg instanceof Error) return redactor.redactError(arg);
  if (isPlainObject(arg)) {
    for (const v of Object.values(arg)) if (v instanceof Error) redactor.redactError(v);
    return redactor.redact(arg);
  }
  return arg;
}

/**
 * @example
 * const secrets = new SecretResolver();
 * const log = createLogger({ name: 'worker', redactor: () => createRedactor(secrets.values()) });
 * log.info({ url }, 'calling');
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const fallback = createRedactor([]);
  const current = (): Redactor => (typeof options.redactor === 'function' ? options.redactor() : (options.redactor ?? fallback));
  return pino(
    {
      name: options.name ?? 'flowops',
      level: options.level ?? process.env.FLOWOPS_LOG_LEVEL ?? 'info',
      base: options.base ?? { pid: process.pid },
      redact: { paths: DEFAULT_REDACT_PATHS, censor: REDACTED },
      hooks: {
        logMethod(args, method) {
          const redactor = current();
          const safe = args.map((a) => redactLogArg(redactor, a)) as Parameters<typeof method>;
          method.apply(this, safe);
        },
      },
    },
    options.destination ?? pino.destination(1),
  );
}

/** `ActionContext.log` on top of a pino logger (fields go through the same redaction). */
export function actionLogger(logger: Logger): (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void {
  return (level, message, fields) => logger[level](fields ?? {}, message);
}

/** A Temporal SDK `Logger` (Runtime.install({ logger })) backed by pino. */
export function temporalLogger(logger: Logger) {
  const at = (level: 'trace' | 'debug' | 'info' | 'warn' | 'error') => (message: string, meta?: Record<string, unknown>) => logger[level](meta ?? {}, message);
  return {
    log: (level: string, message: string, meta?: Record<string, unknown>) => {
      const l = level.toLowerCase();
      const fn = l === 'trace' || l === 'debug' || l === 'info' || l === 'warn' || l === 'error' ? l : 'info';
      at(fn)(message, meta);
    },
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}
