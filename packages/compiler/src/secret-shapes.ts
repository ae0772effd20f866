/**
 * Secrets recognised by the shape of a value: known token formats (GitHub, Slack, AWS, Stripe,
 * JWTs, PEM private keys, flowops webhook keys, …), URLs with a password, literal bearer
 * credentials and long random-looking (high-entropy) strings. Key names play no part here: a
 * plain `tokenType: 'bearer'` or `secretStore: 'vault'` is not a secret.
 *
 * What a match reports is a description safe to print: the kind and at most the first four
 * characters of a known public prefix (`ghp_`), never the value.
 * @module
 */

/** What a value looks like: `kind` reads after "looks like" ("a GitHub token (ghp_…)"). */
export interface SecretShape {
  /** Printable description with at most a ≤ 4-character public prefix of a known format. */
  kind: string;
  /** Where the match starts and ends in the scanned text (for masking). */
  start: number;
  end: number;
}

interface KnownFormat {
  pattern: RegExp;
  /** The description; `$p` is replaced with the matched public prefix (≤ 4 characters). */
  kind: string;
}

/** Known formats, most specific first. Each pattern is global (scanned with matchAll). */
const KNOWN: KnownFormat[] = [
  { pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g, kind: 'a PEM private key (-----BEGIN … PRIVATE KEY-----)' },
  { pattern: /\b(gh[pousr]_)[A-Za-z0-9]{30,}/g, kind: 'a GitHub token ($p…)' },
  { pattern: /\bgithub_pat_[A-Za-z0-9_]{22,}/g, kind: 'a GitHub fine-grained personal access token' },
  { pattern: /\b(xox[abposr])-[A-Za-z0-9-]{10,}/g, kind: 'a Slack token ($p…)' },
  { pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9]+/g, kind: 'a Slack incoming-webhook URL' },
  { pattern: /\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, kind: 'an AWS access key id ($p…)' },
  { pattern: /\b[sr]k_live_[A-Za-z0-9]{16,}/g, kind: 'a Stripe live secret key' },
  { pattern: /\b[sr]k_test_[A-Za-z0-9]{16,}/g, kind: 'a Stripe test secret key' },
  { pattern: /\b(flk_)[0-9a-f]{8}_[A-Za-z0-9_-]{43}/g, kind: 'a flowops webhook key ($p…)' },
  { pattern: /\b(npm_)[A-Za-z0-9]{36}\b/g, kind: 'an npm access token ($p…)' },
  { pattern: /\b(AIza)[0-9A-Za-z_-]{35}/g, kind: 'a Google API key ($p…)' },
  { pattern: /\b(sk-)[A-Za-z0-9_-]{20,}/g, kind: 'an API secret key ($p…)' },
  { pattern: /\b(eyJ)[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, kind: 'a JSON Web Token ($p…)' },
  // A password in a URL's userinfo (`https://user:pass@host`); an empty user is allowed.
  { pattern: /\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/:@]*:[^\s/@]+@/g, kind: 'a URL with credentials (user:password@…)' },
  { pattern: /\b(?:Bearer|Basic)[ \t]+[A-Za-z0-9._~+/=-]{8,}/g, kind: 'a literal Authorization credential (Bearer/Basic …)' },
];

/** Any known format at all: one pass before the per-format scans (most values match none). */
const ANY_KNOWN = new RegExp(KNOWN.map((k) => k.pattern.source).join('|'));

/** Shortest string the high-entropy detector considers. */
export const MIN_RANDOM_LENGTH = 20;

const LONG_WORD = new RegExp(`[A-Za-z0-9+/=_-]{${MIN_RANDOM_LENGTH},}`);

/** Shannon entropy in bits per character. */
export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Does this word (no separators) look randomly generated? At least 20 characters; lower case
 * plus upper case or digits; an entropy of at least 0.8 × log2(length) bits per character (hex,
 * with at most 4 bits, never reaches it from 32 characters on: git SHAs and UUIDs pass); and no
 * word-like runs of lower-case letters (identifiers such as `deployServiceToProductionV2` have
 * long ones, random strings average under 2.5).
 */
export function looksRandom(word: string): boolean {
  if (word.length < MIN_RANDOM_LENGTH || !/[a-z]/.test(word) || !/[A-Z0-9]/.test(word)) return false;
  if (shannonEntropy(word) < Math.max(3, Math.log2(word.length) * 0.8)) return false;
  const lowerRuns = word.match(/[a-z]+/g) ?? [];
  return lowerRuns.join('').length / lowerRuns.length <= 2.5;
}

/** Every secret shape in `text`, in order, non-overlapping (known formats win over entropy). */
export function findSecretShapes(text: string): SecretShape[] {
  const found: SecretShape[] = [];
  const overlaps = (start: number, end: number) => found.some((f) => start < f.end && end > f.start);
  for (const { pattern, kind } of ANY_KNOWN.test(text) ? KNOWN : []) {
    for (const m of text.matchAll(pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      if (overlaps(start, end)) continue;
      const prefix = (m[1] ?? '').slice(0, 4);
      found.push({ kind: kind.replace('$p', prefix), start, end });
    }
  }
  if (!LONG_WORD.test(text)) return found.sort((a, b) => a.start - b.start);
  for (const m of text.matchAll(/[A-Za-z0-9+/=_-]+/g)) {
    const start = m.index;
    const end = start + m[0].length;
    const word = m[0].replace(/=+$/, '');
    if (!overlaps(start, end) && looksRandom(word))
      found.push({ kind: `a random credential (a high-entropy string of ${m[0].length} characters)`, start, end });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The first secret shape in `text`, if any. */
export function detectSecretShape(text: string): SecretShape | undefined {
  return findSecretShapes(text)[0];
}

/**
 * `text` with every secret shape replaced by `****` (a code frame, a log line). Only what the
 * detectors recognise is masked.
 * @example
 * maskSecretShapes('token: ghp_abc…'); // 'token: ****'
 */
export function maskSecretShapes(text: string): string {
  let out = '';
  let at = 0;
  for (const s of findSecretShapes(text)) {
    out += `${text.slice(at, s.start)}****`;
    at = s.end;
  }
  return out + text.slice(at);
}

/**
 * `text` (a whole file) with the value after the key at `line`:`column` (1-based) replaced by
 * `****` up to the end of that line: what a code frame shows around a FLOW_HARDCODED_SECRET whose
 * value has no recognisable shape (a literal in a field the plugin marks sensitive).
 * @example
 * maskValueAt('a: 1\n  token: hunter2\n', 2, 3); // 'a: 1\n  token: ****\n'
 */
export function maskValueAt(text: string, line: number, column: number): string {
  const lines = text.split('\n');
  const at = lines[line - 1];
  if (at === undefined) return text;
  const m = /^[^:=]*[:=]\s*/.exec(at.slice(column - 1));
  if (!m) return text;
  const cut = column - 1 + m[0].length;
  if (cut >= at.replace(/\s+$/, '').length) return text;
  lines[line - 1] = `${at.slice(0, cut)}****`;
  return lines.join('\n');
}

/** `text` with the value at each site masked (`maskValueAt`): every FLOW_HARDCODED_SECRET of one file. */
export function maskValuesAt(text: string, sites: readonly { line: number; column: number }[]): string {
  return sites.reduce((t, s) => maskValueAt(t, s.line, s.column), text);
}
