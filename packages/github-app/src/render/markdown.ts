/** Small Markdown helpers. Pure. @module */

/** Escape text for a Markdown table cell (pipes, newlines, HTML). */
export function cell(text: unknown): string {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
}

/** Markdown that a table cell keeps as is (already escaped by its producer). */
export interface Raw {
  raw: string;
}
export const raw = (text: string): Raw => ({ raw: text });

export function table(head: string[], rows: unknown[][]): string {
  const lines = [`| ${head.map(cell).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.map((c) => (c && typeof c === 'object' && 'raw' in c ? String((c as Raw).raw) : cell(c))).join(' | ')} |`);
  return lines.join('\n');
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function codeBlock(text: string, lang = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text}\n${fence}`;
}

export function details(summary: string, body: string): string {
  return `<details><summary>${cell(summary)}</summary>\n\n${body}\n\n</details>`;
}

export function duration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export const STATUS_ICON: Record<string, string> = {
  succeeded: '✅',
  failed: '❌',
  skipped: '⏭️',
  simulated: '🧪',
  running: '⏳',
  pending: '⏳',
  compensated: '↩️',
  cancelled: '⛔',
  'not-run': '➖',
};

/** A URL safe inside Markdown link parentheses. */
export function safeUrl(url: string): string {
  return url.replace(/[()\s<>]/g, (c) => encodeURIComponent(c));
}
