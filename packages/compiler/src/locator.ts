/**
 * Maps an IR path (`['steps', 2, 'with', 'url']`) back to a position in the source the IR came
 * from, so every diagnostic points at the offending node.
 * @module
 */
import type { Position } from './diagnostic';

export type IrPath = ReadonlyArray<string | number>;

export interface Locator {
  /** Best position for an IR path; falls back to the nearest located ancestor. */
  locate(path: IrPath): Position;
}

/** Locator for sources we cannot map (always line 1, column 1). */
export const nullLocator: Locator = { locate: () => ({ line: 1, column: 1 }) };

/** Position of a top-level key of a JSON text (e.g. `"version"` in package.json). */
export function jsonKeyPosition(text: string | null, key: string): Position {
  if (!text) return { line: 1, column: 1 };
  const idx = text.indexOf(`"${key}"`);
  if (idx < 0) return { line: 1, column: 1 };
  return offsetToPosition(text, idx);
}

export function offsetToPosition(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
