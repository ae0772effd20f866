import { describe, expect, it } from 'vitest';
import { effectiveVisibility } from './visibility';

describe('effectiveVisibility', () => {
  it('a declared visibility applies on every surface', () => {
    for (const surface of ['status-url', 'comment-run'] as const) {
      expect(effectiveVisibility({ visibility: 'private' }, surface)).toBe('private');
      expect(effectiveVisibility({ visibility: 'public' }, surface)).toBe('public');
    }
  });

  it('omitted: private for the status URL, open to writers (public) for /flowops run', () => {
    expect(effectiveVisibility({}, 'status-url')).toBe('private');
    expect(effectiveVisibility({}, 'comment-run')).toBe('public');
  });
});
