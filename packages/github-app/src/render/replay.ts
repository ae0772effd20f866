/**
 * The replay verdict (corpus and a cluster's recent runs against the PR's interpreter) as one
 * short Markdown section for the sticky comment and the check run summary. Pure.
 * @module
 */
import type { ReplayVerdict } from '../report/types';
import { cell } from './markdown';

const FIX = 'ship it as a new worker version (runs stay pinned to the old one) or guard the change with `patched()`';

/** "Replay" (empty when CI handed over no verdict). */
export function renderReplay(v: ReplayVerdict | undefined): string {
  if (!v || (!v.corpus && !v.cluster)) return '';
  const lines = ['### Replay', ''];
  const c = v.corpus;
  if (c) {
    lines.push(
      c.passed
        ? '- ✅ **Corpus:** every committed history replays on this interpreter.'
        : `- ❌ **Corpus:** ${c.failed} committed histor${c.failed === 1 ? 'y does' : 'ies do'} not replay${c.firstFailure ? ` — first: ${cell(c.firstFailure)}` : ''}`,
    );
  }
  const k = v.cluster;
  if (k) {
    if (k.failed > 0) {
      const f = k.firstFailure;
      lines.push(
        `- ❌ **${cell(k.env)}:** ${k.failed} of ${k.replayed} recent run(s) do not replay${f ? ` — first: ${cell(f.workflowId)} (${cell(f.workflow)}): ${cell(f.message)}` : ''}`,
      );
    } else if (k.error) lines.push(`- ⚠️ **${cell(k.env)}:** recent runs could not be replayed: ${cell(k.error)}`);
    else
      lines.push(
        `- ✅ **${cell(k.env)}:** ${k.replayed === 0 ? 'no recent interpreter runs to replay' : `all ${k.replayed} recent run(s) replay on this interpreter`}.`,
      );
  }
  if (v.corpus?.passed === false || (k?.failed ?? 0) > 0) lines.push('', `Running workflows would fail with a non-determinism error: ${FIX}.`);
  return lines.join('\n');
}
