/**
 * Redaction: removes secret values (and their upper/lower-case, base64, base64url, hex, URL-encoded
 * and JSON-escaped forms, matched without regard to case) from any JSON value, error or log line, and blanks the values of sensitive keys (`authorization`,
 * `cookie`, `password`, `*Token`, …). Applied to what activities return before it enters
 * history, to error messages, and to logs.
 * @module
 */
import { REDACTED, sensitiveKeyMatcher } from './sensitive-keys';

export interface RedactorOptions {
  /** More key names to always redact. */
  sensitiveKeys?: readonly string[];
  /**
   * Secret values shorter than this are ignored (redacting "a" everywhere would destroy
   * every output). Default 4.
   */
  minSecretLength?: number;
}

export interface Redactor {
  /** A deep copy of a JSON-like value with secrets and sensitive keys replaced by "[REDACTED]". */
  redact<T>(value: T): T;
  /** The string with every occurrence of a secret (in any known encoding) replaced. */
  redactText(text: string): string;
  /** Redacts an error's message, stack, cause and ApplicationFailure details in place; returns it. */
  redactError<E>(error: E): E;
  /** True when nothing would be redacted from strings (no secrets registered). */
  readonly empty: boolean;
}

const MAX_PASSES = 8;

/** base64 fragments of `secret` as it appears inside a longer base64 text, at each byte alignment. */
function base64Forms(secret: Buffer): string[] {
  const forms = [secret.toString('base64'), secret.toString('base64').replace(/=+$/, '')];
  for (let k = 0; k < 3; k++) {
    const full = Buffer.concat([Buffer.alloc(k), secret]).toString('base64');
    const core = full.slice(k > 0 ? 4 : 0, Math.floor((k + secret.length) / 3) * 4);
    if (core.length >= 8) forms.push(core);
  }
  return forms.flatMap((f) => [f, f.replace(/\+/g, '-').replace(/\//g, '_')]);
}

/**
 * Every string form a secret may take in a payload or a log line (throws on lone surrogates):
 * raw, JSON-escaped, URL-encoded (`encodeURIComponent`, `encodeURI`, `+` for spaces), base64 and
 * base64url (padded, unpadded, and as a fragment of a longer base64 text at each byte
 * alignment), hex — each also of the upper- and lower-cased value. Matching ignores case, which
 * covers upper/lower/mixed case of the raw value, both cases of hex digits and of `%`-escapes.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>();
  for (const variant of new Set([secret, secret.toUpperCase(), secret.toLowerCase()])) {
    forms.add(variant);
    forms.add(JSON.stringify(variant).slice(1, -1));
    forms.add(encodeURIComponent(variant));
    forms.add(encodeURI(variant));
    forms.add(encodeURIComponent(variant).replace(/%20/g, '+'));
    const bytes = Buffer.from(variant, 'utf8');
    forms.add(bytes.toString('hex'));
    for (const f of base64Forms(bytes)) forms.add(f);
  }
  return [...forms].filter((f) => f.length > 0);
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/** One case-insensitive pattern for all needles, longest first (so a longer form wins). */
function needlePattern(needles: readonly string[]): RegExp | undefined {
  if (needles.length === 0) return undefined;
  return new RegExp(needles.map((n) => n.replace(REGEX_SPECIAL, '\\$&')).join('|'), 'gi');
}

function safeForms(secret: string): string[] {
  try {
    return secretForms(secret);
  } catch {
    return [secret];
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * @example
 * const r = createRedactor([await secrets.get('GITHUB_TOKEN')]);
 * r.redact({ headers: { authorization: 'Bearer x' }, body: 'token ghp_123 leaked' });
 * // { headers: { authorization: '[REDACTED]' }, body: 'token [REDACTED] leaked' }
 */
export function createRedactor(secretValues: Iterable<string>, options: RedactorOptions = {}): Redactor {
  const minLength = options.minSecretLength ?? 4;
  const needles = [...new Set([...secretValues].filter((s) => typeof s === 'string' && s.length >= minLength).flatMap(safeForms))]
    // A form inside the placeholder itself would be "found" again after every replacement.
    .filter((f) => !REDACTED.toLowerCase().includes(f.toLowerCase()))
    .sort((a, b) => b.length - a.length);
  const pattern = needlePattern(needles);
  const isSensitive = sensitiveKeyMatcher(options.sensitiveKeys);

  const redactText = (text: string): string => {
    if (!pattern) return text;
    let out = text;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      pattern.lastIndex = 0;
      if (!pattern.test(out)) return out;
      pattern.lastIndex = 0;
      out = out.replace(pattern, REDACTED);
    }
    // A secret keeps reappearing across replacement boundaries: give nothing away.
    return REDACTED;
  };

  const walk = (value: unknown, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return redactText(value);
    if (typeof value !== 'object' || value === null) return value;
    if (seen.has(value)) return '[Circular]';
    if (Array.isArray(value)) {
      seen.add(value);
      const out = value.map((v) => walk(v, seen));
      seen.delete(value);
      return out;
    }
    if (!isPlainObject(value)) return value;
    seen.add(value);
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const safeKey = redactText(key);
      out[safeKey] = isSensitive(key) && v !== null && v !== undefined && v !== '' ? REDACTED : walk(v, seen);
    }
    seen.delete(value);
    return out;
  };

  const redactError = <E>(error: E): E => {
    const seen = new Set<unknown>();
    let current: unknown = error;
    while (current instanceof Error && !seen.has(current)) {
      seen.add(current);
      const e = current as Error & { details?: unknown; cause?: unknown };
      e.message = redactText(e.message);
      if (e.stack) e.stack = redactText(e.stack);
      if (Array.isArray(e.details)) {
        try {
          e.details = walk(e.details, new WeakSet()) as unknown[];
        } catch {
          /* read-only details: leave them */
        }
      }
      current = e.cause;
    }
    return error;
  };

  return {
    redact: <T>(value: T) => walk(value, new WeakSet()) as T,
    redactText,
    redactError,
    empty: needles.length === 0,
  };
}
