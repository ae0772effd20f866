import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultJournalDir, loadAppConfig } from './config';

const base = { FLOWOPS_GITHUB_APP_ID: '1', FLOWOPS_WEBHOOK_SECRET: 's', FLOWOPS_GITHUB_PRIVATE_KEY: 'k' };

describe('app config: ack mode and journal dir', () => {
  it('defaults to the journal ack mode under the state dir', () => {
    const c = loadAppConfig({ ...base, XDG_STATE_HOME: '/var/state' });
    expect(c.ok && c.value.ack).toBe('journal');
    expect(c.ok && c.value.journalDir).toBe(join('/var/state', 'flowops', 'github-app', 'journal'));
  });

  it('FLOWOPS_APP_JOURNAL_DIR and FLOWOPS_STATE_DIR choose the directory', () => {
    expect(defaultJournalDir({ FLOWOPS_APP_JOURNAL_DIR: '/data/j', FLOWOPS_STATE_DIR: '/x' })).toBe('/data/j');
    expect(defaultJournalDir({ FLOWOPS_STATE_DIR: '/x' })).toBe(join('/x', 'github-app', 'journal'));
  });

  it('--ack wins over FLOWOPS_APP_ACK; an unknown mode is a usage error with a hint', () => {
    const c = loadAppConfig({ ...base, FLOWOPS_APP_ACK: 'journal' }, { ack: 'temporal' });
    expect(c.ok && c.value.ack).toBe('temporal');
    const bad = loadAppConfig({ ...base, FLOWOPS_APP_ACK: 'eventually' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues[0]).toMatchObject({ code: 'FLOW_USAGE', message: expect.stringContaining('"eventually"') });
  });
});
