/**
 * YAML workflows: `workflow.yaml` is the IR without `version` (from package.json), with
 * `apiVersion`/`kind` defaulted and `effect` optional (the plugin catalog fills it).
 * The document and its LineCounter are kept so each diagnostic has a line and column.
 * @module
 */
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { Position } from './diagnostic';
import type { IrPath, Locator } from './locator';

export interface YamlLoad {
  ok: boolean;
  value: unknown;
  locator: Locator;
  errors: { message: string; pos: Position }[];
}

export function yamlLocator(doc: Document, lc: LineCounter): Locator {
  const posOf = (offset: number): Position => {
    const p = lc.linePos(offset);
    return { line: p.line, column: p.col };
  };
  return {
    locate(path: IrPath): Position {
      for (let n = path.length; n >= 0; n--) {
        const sub = path.slice(0, n);
        // Prefer the key of a mapping pair (points at `token:` rather than its value).
        if (n > 0 && typeof sub[n - 1] === 'string') {
          const parent = n === 1 ? doc.contents : doc.getIn(sub.slice(0, -1), true);
          const pair = findPair(parent, sub[n - 1] as string);
          if (pair) return posOf(pair);
        }
        const node = n === 0 ? doc.contents : doc.getIn(sub, true);
        if (isNode(node) && node.range) return posOf(node.range[0]);
      }
      return { line: 1, column: 1 };
    },
  };
}

function findPair(parent: unknown, key: string): number | undefined {
  if (!parent || typeof parent !== 'object' || !('items' in parent)) return undefined;
  const items = (parent as { items: unknown[] }).items;
  for (const item of items) {
    const k = (item as { key?: unknown }).key;
    if (isNode(k) && (k as { value?: unknown }).value === key && k.range) return k.range[0];
  }
  return undefined;
}

export function loadYaml(text: string): YamlLoad {
  const lc = new LineCounter();
  // `merge: true`: YAML merge keys (`<<: *anchor`) work, as users write them for shared step settings.
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, merge: true });
  const locator = yamlLocator(doc, lc);
  const errors = doc.errors.map((e) => {
    const p = lc.linePos(e.pos[0]);
    return { message: e.message.split('\n')[0] ?? e.message, pos: { line: p.line, column: p.col } };
  });
  if (errors.length > 0) return { ok: false, value: undefined, locator, errors };
  const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  return { ok: true, value, locator, errors: [] };
}
