/** The committed replay corpus: test/replay/histories/*.json as named histories. */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type NamedHistory, historyFromObject } from '../../src/versioning';

/** Directory of the committed histories. */
export const HISTORIES_DIR = fileURLToPath(new URL('./histories/', import.meta.url));

/** Entry of the incompatible fixture interpreter. */
export const INCOMPATIBLE_INTERPRETER = fileURLToPath(new URL('./fixtures/incompatible-interpreter.ts', import.meta.url));

/** Every history of the corpus, named after its file. */
export function corpusHistories(): NamedHistory[] {
  return readdirSync(HISTORIES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const { workflowId, ...history } = JSON.parse(readFileSync(`${HISTORIES_DIR}${file}`, 'utf8')) as { workflowId?: string };
      return { name: file.replace(/\.json$/, ''), workflowId: workflowId ?? `corpus-${file}`, history: historyFromObject(history) };
    });
}
