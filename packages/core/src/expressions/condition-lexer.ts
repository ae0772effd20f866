/**
 * Tokens of the condition language (see `condition-parse.ts` for the grammar).
 * @module
 */

export type TokenKind = 'ref' | 'keyword' | 'string' | 'number' | 'op' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text (for strings: including quotes). */
  text: string;
  /** 0-based offset in the source. */
  pos: number;
}

export const KEYWORDS = ['and', 'or', 'not', 'in', 'true', 'false', 'null', 'exists', 'contains'] as const;
const KEYWORD_SET: ReadonlySet<string> = new Set(KEYWORDS);

const STRING = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/;
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/;
const WORD = /^[A-Za-z_$][A-Za-z0-9_$-]*/;
const OPS = ['==', '!=', '>=', '<=', '>', '<'] as const;

export class LexError {
  constructor(
    readonly message: string,
    readonly pos: number,
    readonly hint: string,
  ) {}
}

/** Split a condition into tokens; returns a LexError on the first bad character. */
export function tokenize(src: string): Token[] | LexError {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const rest = src.slice(i);
    const op = OPS.find((o) => rest.startsWith(o));
    if (op) {
      tokens.push({ kind: 'op', text: op, pos: i });
      i += op.length;
      continue;
    }
    if ('()[]{},:'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, pos: i });
      i++;
      continue;
    }
    if (c === '"') {
      const m = STRING.exec(rest);
      if (!m) return new LexError('unterminated or malformed string', i, 'strings use double quotes with JSON escapes, e.g. "prod"');
      tokens.push({ kind: 'string', text: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      const m = NUMBER.exec(rest);
      if (!m) return new LexError(`malformed number`, i, 'write numbers like 200, -1 or 0.5');
      tokens.push({ kind: 'number', text: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    const w = WORD.exec(rest);
    if (w) {
      if (KEYWORD_SET.has(w[0])) {
        tokens.push({ kind: 'keyword', text: w[0], pos: i });
        i += w[0].length;
        continue;
      }
      const end = scanReference(src, i + w[0].length);
      tokens.push({ kind: 'ref', text: src.slice(i, end), pos: i });
      i = end;
      continue;
    }
    if (c === '=' || c === '!' || c === '&' || c === '|') {
      const hint = c === '=' ? 'compare with "=="' : c === '!' ? 'write "not" to negate, "!=" for inequality' : `write "${c === '&' ? 'and' : 'or'}"`;
      return new LexError(`unexpected "${c}"`, i, hint);
    }
    if (c === "'") return new LexError('single-quoted string', i, 'strings use double quotes, e.g. "prod"');
    return new LexError(`unexpected "${c}"`, i, 'see the condition syntax in the @flowops/core README');
  }
  tokens.push({ kind: 'eof', text: '', pos: src.length });
  return tokens;
}

/** Extend a reference over `.name` and `[...]` accessors; returns the end offset. */
function scanReference(src: string, from: number): number {
  let i = from;
  while (i < src.length) {
    if (src[i] === '.') {
      const w = WORD.exec(src.slice(i + 1));
      i += 1 + (w ? w[0].length : 0);
      if (!w) return i;
    } else if (src[i] === '[') {
      const rest = src.slice(i + 1);
      const s = STRING.exec(rest);
      const n = /^[0-9]+/.exec(rest);
      const inner = s ? s[0] : n ? n[0] : undefined;
      if (inner === undefined || rest[inner.length] !== ']') return i;
      i += 2 + inner.length;
    } else {
      return i;
    }
  }
  return i;
}
