/**
 * "Did you mean …?" for mistyped commands and flags: a candidate the word is a prefix of (3+
 * characters), else the nearest one by edit distance (`nearest` from @flowops/core, which the
 * compiler's diagnostics use too; imported from its dependency-free subpath so usage errors load
 * neither zod nor the rest of core).
 * @module
 */
import { nearest } from '@flowops/core/nearest';

/**
 * The candidate closest to `word`, when it is close enough to be what was meant.
 * @example
 * closest('pubish', ['publish', 'plan']) // 'publish'
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length >= 3) {
    const prefixed = candidates.find((c) => c.startsWith(word));
    if (prefixed) return prefixed;
  }
  return nearest(word, candidates);
}

/** ` Did you mean "x"?` or nothing. */
export function didYouMean(word: string, candidates: readonly string[], prefix = ''): string {
  const c = closest(word, candidates);
  return c ? ` Did you mean "${prefix}${c}"?` : '';
}
