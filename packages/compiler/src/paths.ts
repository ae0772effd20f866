/** Path helpers: diagnostics carry repo-relative, forward-slash paths. @module */
import path from 'node:path';

export function toRel(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

/** True when `child` is `parent` or inside it (both absolute). */
export function isWithin(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
