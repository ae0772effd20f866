/**
 * Positions in a TypeScript workflow: a step diagnostic points at the string literal of the
 * step id, a field diagnostic at the property inside that step when it can be found, a
 * workflow diagnostic at the property of the `defineWorkflow({...})` object.
 * Parses only (no type information), so it is cheap and usable without a Program.
 * @module
 */
import type { ts } from 'ts-morph';
import { lazyTs } from './lazy-ts';
import type { Position } from './diagnostic';
import type { IrPath, Locator } from './locator';

export function tsLocator(fileName: string, text: string, ir: unknown): Locator {
  let sf: ts.SourceFile | undefined;
  // TypeScript is loaded by the first position asked for: a workflow without diagnostics never pays for it.
  const source = (): ts.SourceFile => {
    const ts = lazyTs();
    sf ??= ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    return sf;
  };
  const posOf = (node: ts.Node): Position => {
    const s = source();
    const lc = s.getLineAndCharacterOfPosition(node.getStart(s));
    return { line: lc.line + 1, column: lc.character + 1 };
  };
  return {
    locate(path: IrPath): Position {
      const s = source();
      const { stepId, rest, stepPath } = deepestStep(ir, path);
      if (stepId !== undefined) {
        // A repeated id (FLOW_DUPLICATE_STEP) points at its own literal, not the first one.
        const lit = findStepLiteral(s, stepId, occurrence(ir, stepId, stepPath));
        if (lit) {
          const container = stepContainer(lit);
          const found = followProperties(container, rest);
          return posOf(found ?? lit);
        }
      }
      const root = findWorkflowObject(s);
      if (!root) return { line: 1, column: 1 };
      const found = followProperties(root, stepId === undefined ? path : []);
      return posOf(found ?? root);
    },
  };
}

/** The id of the deepest step object on `path`, and the path segments after it. */
function deepestStep(ir: unknown, path: IrPath): { stepId: string | undefined; rest: IrPath; stepPath: IrPath } {
  let node: unknown = ir;
  let stepId: string | undefined;
  let rest: IrPath = path;
  let stepPath: IrPath = [];
  for (let i = 0; i < path.length; i++) {
    if (node === null || typeof node !== 'object') break;
    node = (node as Record<string | number, unknown>)[path[i] as string | number];
    const id = node !== null && typeof node === 'object' ? (node as { id?: unknown }).id : undefined;
    const isStep = typeof id === 'string' && ('type' in (node as object) || 'uses' in (node as object));
    if (isStep) {
      stepId = id as string;
      rest = path.slice(i + 1);
      stepPath = path.slice(0, i + 1);
    }
  }
  return { stepId, rest, stepPath };
}

/** How many steps with this id come before the one at `stepPath` (depth-first, source order). */
function occurrence(ir: unknown, id: string, stepPath: IrPath): number {
  const target = stepPath.join('/');
  let count = 0;
  let result = 0;
  const visit = (steps: unknown, base: IrPath): void => {
    if (!Array.isArray(steps)) return;
    steps.forEach((step, i) => {
      if (!step || typeof step !== 'object') return;
      const path = [...base, i];
      const o = step as Record<string, unknown>;
      if (o.id === id) {
        if (path.join('/') === target) result = count;
        count++;
      }
      for (const key of ['steps', 'then', 'else']) visit(o[key], [...path, key]);
    });
  };
  visit((ir as { steps?: unknown } | null)?.steps, ['steps']);
  return result;
}

/** The `nth` (0-based) literal of step id `id` of the best kind (`id: 'x'`, then `step('x', …)`), else the last. */
function findStepLiteral(sf: ts.SourceFile, id: string, nth = 0): ts.Node | undefined {
  const ts = lazyTs();
  const byRank: ts.Node[][] = [[], [], []];
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && node.text === id) {
      const p = node.parent;
      const rank =
        ts.isPropertyAssignment(p) && p.initializer === node && propName(p.name) === 'id' ? 0 : ts.isCallExpression(p) && p.arguments[0] === node ? 1 : 2;
      byRank[rank]!.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  const list = byRank.find((l) => l.length > 0);
  return list ? (list[nth] ?? list[list.length - 1]) : undefined;
}

/** The node holding a step's fields: the object literal of `id:`, or the builder call. */
function stepContainer(lit: ts.Node): ts.Node {
  const ts = lazyTs();
  const p = lit.parent;
  if (ts.isPropertyAssignment(p)) return p.parent;
  return p;
}

function propName(name: ts.PropertyName): string | undefined {
  const ts = lazyTs();
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

/** Follow string path segments through nested object literal properties. */
function followProperties(container: ts.Node, path: IrPath): ts.Node | undefined {
  const ts = lazyTs();
  let current: ts.Node = container;
  let found: ts.Node | undefined;
  for (const seg of path) {
    // `with` and list indexes have no counterpart in builder calls (`http.get({ url })`).
    if (typeof seg !== 'string' || seg === 'with') continue;
    const prop = findProperty(current, seg);
    if (!prop) break;
    found = prop;
    current = ts.isPropertyAssignment(prop) ? prop.initializer : prop;
  }
  return found;
}

function findProperty(container: ts.Node, name: string): ts.Node | undefined {
  const ts = lazyTs();
  let hit: ts.Node | undefined;
  const visit = (node: ts.Node, depth: number): void => {
    if (hit || depth > 6) return;
    if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && propName(node.name) === name) {
      hit = node;
      return;
    }
    // Do not descend into nested step builders' own steps arrays beyond a few levels.
    ts.forEachChild(node, (c) => visit(c, depth + 1));
  };
  ts.forEachChild(container, (c) => visit(c, 0));
  return hit;
}

/** The object literal passed to `defineWorkflow(...)` (or the default export's object). */
function findWorkflowObject(sf: ts.SourceFile): ts.Node | undefined {
  const ts = lazyTs();
  let hit: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (hit) return;
    if (ts.isCallExpression(node) && /defineWorkflow$/.test(node.expression.getText(sf))) {
      hit = node.arguments.find(ts.isObjectLiteralExpression) ?? node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (hit) return hit;
  const exp = sf.statements.find(ts.isExportAssignment);
  return exp?.expression;
}

/**
 * The innermost step whose builder call or object literal contains a 1-based position (for the
 * type checker's diagnostics, which know no steps); undefined outside every step.
 */
export function stepAtPosition(fileName: string, text: string, ir: unknown, pos: { line: number; column: number }): string | undefined {
  const ts = lazyTs();
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  let offset: number;
  try {
    offset = sf.getPositionOfLineAndCharacter(pos.line - 1, pos.column - 1);
  } catch {
    return undefined;
  }
  let best: { id: string; width: number } | undefined;
  const seen = new Map<string, number>();
  const visit = (steps: unknown): void => {
    if (!Array.isArray(steps)) return;
    for (const step of steps) {
      if (!step || typeof step !== 'object') continue;
      const o = step as Record<string, unknown>;
      if (typeof o.id === 'string') {
        const nth = seen.get(o.id) ?? 0;
        seen.set(o.id, nth + 1);
        const lit = findStepLiteral(sf, o.id, nth);
        const container = lit ? stepContainer(lit) : undefined;
        if (container && container.getStart(sf) <= offset && offset < container.getEnd()) {
          const width = container.getEnd() - container.getStart(sf);
          if (!best || width < best.width) best = { id: o.id, width };
        }
      }
      for (const key of ['steps', 'then', 'else']) visit(o[key]);
    }
  };
  visit((ir as { steps?: unknown } | null)?.steps);
  return best?.id;
}
