import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { devDbFile, stateDir } from './state-dir';

describe('state dir', () => {
  test('FLOWOPS_STATE_DIR, then XDG_STATE_HOME/flowops, then ~/.local/state/flowops', () => {
    expect(stateDir({ FLOWOPS_STATE_DIR: '/s', XDG_STATE_HOME: '/x' }, '/home/u')).toBe('/s');
    expect(stateDir({ XDG_STATE_HOME: '/x' }, '/home/u')).toBe('/x/flowops');
    expect(stateDir({ XDG_STATE_HOME: 'relative' }, '/home/u')).toBe('/home/u/.local/state/flowops');
    expect(stateDir({}, '/home/u')).toBe('/home/u/.local/state/flowops');
  });
  test('the dev db file lives in <state>/dev, created', () => {
    const base = mkdtempSync(join(tmpdir(), 'flowops-state-'));
    const file = devDbFile({ FLOWOPS_STATE_DIR: base });
    expect(file).toBe(join(base, 'dev', 'temporal.db'));
    expect(statSync(join(base, 'dev')).isDirectory()).toBe(true);
  });
});
