import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createIntake } from './intake';
import { IntakeJournal, type StartWork } from './intake-journal';
import { IntakePump } from './intake-pump';
import type { WorkStarter } from './webhook-server';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'intake-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const work = (id: string): StartWork => ({ kind: 'start', workflowType: 'flowopsGithubComment', workflowId: id, args: {} });

/** A stand-in for Temporal: refuses an id it has, can be "down". */
function fakeTemporal() {
  const t: { up: boolean; ids: Set<string>; calls: number; start: WorkStarter } = {
    up: true,
    ids: new Set<string>(),
    calls: 0,
    start: async (w) => {
      t.calls++;
      if (!t.up) throw new Error('14 UNAVAILABLE: connection refused');
      if (t.ids.has(w.workflowId)) return { status: 'duplicate', workflowId: w.workflowId };
      t.ids.add(w.workflowId);
      return { status: 'started', workflowId: w.workflowId };
    },
  };
  return t;
}

describe('journal intake', () => {
  it('accepts while Temporal is down and starts the work once it is back', async () => {
    const temporal = fakeTemporal();
    temporal.up = false;
    const logs: Array<Record<string, unknown>> = [];
    const journal = await IntakeJournal.open({ dir: tmp() });
    const pump = new IntakePump({ journal, start: temporal.start, backoffMs: () => 10, log: (e) => logs.push(e) });
    pump.push(await journal.append('d-1', 'push', work('wf-1')));
    pump.push(await journal.append('d-2', 'push', work('wf-2')));
    while (temporal.calls < 3) await new Promise((r) => setTimeout(r, 5));
    expect(temporal.ids.size).toBe(0);
    expect(pump.pending).toBe(2);
    temporal.up = true;
    expect(await pump.drained(10_000)).toBe(true);
    expect([...temporal.ids].sort()).toEqual(['wf-1', 'wf-2']);
    expect(journal.pending()).toEqual([]);
    expect(logs.some((l) => String(l.msg).includes('retrying'))).toBe(true);
    expect(logs.some((l) => String(l.msg).includes('accepts starts again'))).toBe(true);
    await pump.stop();
    await journal.close();
  });

  it('a replayed entry whose workflow already started is marked done, not started again', async () => {
    const dir = tmp();
    const temporal = fakeTemporal();
    temporal.ids.add('wf-1'); // started before the App died, its done mark never written
    const first = await IntakeJournal.open({ dir });
    await first.append('d-1', 'push', work('wf-1'));
    await first.close();
    const logs: Array<Record<string, unknown>> = [];
    const intake = await createIntake({ ack: 'journal', journalDir: dir, start: temporal.start, log: (e) => logs.push(e) });
    while (intake.pending() > 0) await new Promise((r) => setTimeout(r, 5));
    expect(temporal.ids.size).toBe(1);
    expect(logs.find((l) => l.workflowId === 'wf-1')).toMatchObject({ msg: 'webhook duplicate' });
    await intake.close();
    const again = await createIntake({ ack: 'journal', journalDir: dir, start: temporal.start });
    expect(again.pending()).toBe(0); // the done mark was written
    expect(temporal.calls).toBe(1);
    await again.close();
  });

  it('answers accepted once, then duplicate for the same delivery or the same workflow id', async () => {
    const temporal = fakeTemporal();
    const intake = await createIntake({ ack: 'journal', journalDir: tmp(), start: temporal.start });
    expect(await intake.start(work('wf-1'), { delivery: 'd-1', event: 'push' })).toMatchObject({ status: 'accepted' });
    expect(await intake.start(work('wf-1'), { delivery: 'd-1', event: 'push' })).toMatchObject({ status: 'duplicate' });
    expect(await intake.start(work('wf-1'), { delivery: 'd-9', event: 'push' })).toMatchObject({ status: 'duplicate' });
    while (intake.pending() > 0) await new Promise((r) => setTimeout(r, 5));
    expect(temporal.calls).toBe(1);
    await intake.close();
  });

  it('temporal mode answers with what Temporal said and keeps no journal', async () => {
    const temporal = fakeTemporal();
    const intake = await createIntake({ ack: 'temporal', start: temporal.start });
    expect(await intake.start(work('wf-1'))).toMatchObject({ status: 'started' });
    expect(await intake.start(work('wf-1'))).toMatchObject({ status: 'duplicate' });
    temporal.up = false;
    await expect(intake.start(work('wf-2'))).rejects.toThrow(/UNAVAILABLE/);
    await intake.close();
  });
});
