import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IntakeJournal, type StartWork } from './intake-journal';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'intake-journal-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const work = (id: string): StartWork => ({ kind: 'start', workflowType: 'flowopsGithubComment', workflowId: id, args: { id } });

describe('intake journal', () => {
  it('entries without a done mark are pending again after a reopen; done ones are not', async () => {
    const dir = tmp();
    const j = await IntakeJournal.open({ dir });
    const a = await j.append('d-a', 'issue_comment', work('wf-a'));
    await j.append('d-b', 'issue_comment', work('wf-b'));
    j.markDone(a.seq, 'started');
    await j.close();
    const again = await IntakeJournal.open({ dir });
    expect(again.pending().map((e) => e.work.workflowId)).toEqual(['wf-b']);
    expect(again.knows('d-a', 'other')).toBe(true); // delivery seen
    expect(again.knows('new', 'wf-a')).toBe(true); // same workflow id under a new delivery
    expect(again.knows('new', 'wf-new')).toBe(false);
    const c = await again.append('d-c', 'push', work('wf-c'));
    expect(c.seq).toBeGreaterThan(a.seq + 1); // sequence numbers are never reused
    await again.close();
  });

  it('drops a truncated last line with a log line, and appends cleanly after it', async () => {
    const dir = tmp();
    const j = await IntakeJournal.open({ dir });
    await j.append('d-1', 'push', work('wf-1'));
    await j.close();
    appendFileSync(join(dir, 'intake.jsonl'), '{"op":"accept","seq":2,"delivery":"d-2","wor'); // torn write
    const logs: Array<Record<string, unknown>> = [];
    const j2 = await IntakeJournal.open({ dir, log: (e) => logs.push(e) });
    expect(logs.some((l) => String(l.msg).includes('truncated last line'))).toBe(true);
    expect(j2.pending().map((e) => e.delivery)).toEqual(['d-1']);
    await j2.append('d-3', 'push', work('wf-3'));
    await j2.close();
    const lines = readFileSync(join(dir, 'intake.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { delivery: string }).delivery)).toEqual(['d-1', 'd-3']);
    const j3 = await IntakeJournal.open({ dir });
    expect(j3.pending().map((e) => e.delivery)).toEqual(['d-1', 'd-3']);
    await j3.close();
  });

  it('skips a corrupt line in the middle and keeps the entries after it', async () => {
    const dir = tmp();
    const good = (seq: number) => `${JSON.stringify({ op: 'accept', seq, at: '', delivery: `d-${seq}`, event: 'push', work: work(`wf-${seq}`) })}\n`;
    writeFileSync(join(dir, 'intake.jsonl'), `${good(1)}not json\n${good(2)}`);
    const logs: Array<Record<string, unknown>> = [];
    const j = await IntakeJournal.open({ dir, log: (e) => logs.push(e) });
    expect(j.pending().map((e) => e.seq)).toEqual([1, 2]);
    expect(logs.some((l) => String(l.msg).includes('corrupt line'))).toBe(true);
    await j.close();
  });

  it('compacts: the file keeps the pending entries and the recent ids, and stays small', async () => {
    const dir = tmp();
    const j = await IntakeJournal.open({ dir, compactAfter: 20 });
    for (let i = 0; i < 100; i++) {
      const e = await j.append(`d-${i}`, 'push', work(`wf-${i}`));
      if (i !== 42) j.markDone(e.seq, 'started');
    }
    await j.settle();
    await j.close();
    const lines = readFileSync(join(dir, 'intake.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBeLessThan(60);
    const j2 = await IntakeJournal.open({ dir });
    expect(j2.pending().map((e) => e.delivery)).toEqual(['d-42']);
    expect(j2.knows('d-7', 'x')).toBe(true);
    expect(j2.knows('x', 'wf-99')).toBe(true);
    expect((await j2.append('d-new', 'push', work('wf-new'))).seq).toBe(101);
    await j2.close();
  });

  it('one process per directory; a lock left by a dead process is taken over', async () => {
    const dir = tmp();
    const j = await IntakeJournal.open({ dir });
    writeFileSync(join(dir, 'intake.lock'), '1\n'); // pid 1 is alive and is not us
    await expect(IntakeJournal.open({ dir })).rejects.toThrow(/in use by process 1/);
    await j.close();
    expect(existsSync(join(dir, 'intake.lock'))).toBe(false);
    writeFileSync(join(dir, 'intake.lock'), '2147483\n'); // no such process
    const j2 = await IntakeJournal.open({ dir });
    expect(readFileSync(join(dir, 'intake.lock'), 'utf8').trim()).toBe(String(process.pid));
    await j2.close();
  });
});
