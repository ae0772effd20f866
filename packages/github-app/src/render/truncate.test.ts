import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { details, codeBlock } from './markdown';
import { COMMENT_LIMIT, isBalanced, truncateMarkdown } from './truncate';

describe('truncateMarkdown', () => {
  it('leaves text that fits alone', () => {
    expect(truncateMarkdown('hello', 10)).toBe('hello');
  });

  it('closes an open <details> and code fence when cutting inside them', () => {
    const big = `# Report\n\n${details('trace', codeBlock('x\n'.repeat(50_000), 'json'))}\n\nafter`;
    expect(big.length).toBeGreaterThan(COMMENT_LIMIT);
    const out = truncateMarkdown(big, COMMENT_LIMIT);
    expect(out.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(isBalanced(out)).toBe(true);
    expect(out).toMatch(/Truncated: [\d,]+ characters left out/);
    expect(out.trimEnd().endsWith('Temporal UI.')).toBe(true);
  });

  it('always fits and stays balanced', () => {
    const block = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ maxLength: 200 }).map((s) => codeBlock(s)),
      fc.string({ maxLength: 200 }).map((s) => details('d', s.replace(/<\/?details/gi, ''))),
      fc.string({ maxLength: 50 }).map((s) => details('outer', details('inner', codeBlock(s)))),
    );
    fc.assert(
      fc.property(fc.array(block, { maxLength: 40 }), fc.integer({ min: 300, max: 3000 }), (blocks, limit) => {
        const text = blocks.join('\n\n');
        fc.pre(isBalanced(text));
        const out = truncateMarkdown(text, limit);
        expect(out.length).toBeLessThanOrEqual(limit);
        expect(isBalanced(out)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
