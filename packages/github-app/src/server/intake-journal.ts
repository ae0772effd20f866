/**
 * The intake journal (a transactional outbox on local disk): every accepted webhook's Work is
 * appended to `intake.jsonl` and fdatasync'ed before the App answers 202; the pump marks it
 * done once Temporal accepted (or refused as a duplicate) the start. Appends are group-committed
 * (one write + one fdatasync for every line queued meanwhile). On open, entries without a done
 * mark are pending again; a torn last line (a crash mid-write, never answered) is dropped with a
 * log line. The file is compacted (pending entries + the ids recently seen, atomically renamed)
 * so it stays small. One process per directory: `intake.lock` holds the owner's pid.
 * @module
 */
import { closeSync, fsyncSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { type FileHandle, mkdir, open, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FlowError } from '@flowops/core';
import type { Work } from '../webhooks/route';

export type StartWork = Extract<Work, { kind: 'start' }>;
export interface JournalEntry {
  seq: number;
  at: string;
  delivery: string;
  event: string;
  work: StartWork;
}
type Line =
  | ({ op: 'accept' } & JournalEntry)
  | { op: 'done'; seq: number; result: string }
  | { op: 'seen'; next: number; deliveries: string[]; workflowIds: string[] };

export interface JournalOptions {
  dir: string;
  log?: (event: Record<string, unknown>) => void;
  /** Compact once this many entries are done since the last compaction (default 1000). */
  compactAfter?: number;
  /** How many recent delivery / workflow ids survive a compaction for the fast dedupe (default 5000). */
  seenKept?: number;
}

/** Insertion-ordered set that forgets its oldest members beyond a capacity. */
class Recent {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity: number) {}
  add(id: string): void {
    this.ids.delete(id);
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
  }
  has(id: string): boolean {
    return this.ids.has(id);
  }
  delete(id: string): void {
    this.ids.delete(id);
  }
  last(n: number): string[] {
    return [...this.ids].slice(-n);
  }
}

function takeLock(dir: string): string {
  const path = join(dir, 'intake.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      fsyncSync(fd);
      closeSync(fd);
      return path;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readOrEmpty(path));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
        throw new FlowError({
          code: 'FLOW_CONFIG_INVALID',
          message: `the intake journal ${dir} is in use by process ${owner}`,
          hint: 'give each App replica its own FLOWOPS_APP_JOURNAL_DIR (or stop the other App)',
        });
      }
      // Stale: its owner died (a pid equal to ours is a previous incarnation, e.g. pid 1 in a container).
      removeFile(path);
    }
  }
  throw new Error(`could not lock ${path}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // gone already
  }
}

export class IntakeJournal {
  private readonly pendingById = new Map<number, JournalEntry>();
  private readonly deliveries: Recent;
  private readonly workflowIds: Recent;
  private queue: Array<{ text: string; sync: boolean; done?: () => void; fail?: (e: unknown) => void }> = [];
  private flushing: Promise<void> | undefined;
  private doneSinceCompaction = 0;
  private nextSeq = 1;
  private closed = false;

  private constructor(
    private readonly file: string,
    private readonly lock: string,
    private handle: FileHandle,
    private readonly o: Required<Pick<JournalOptions, 'compactAfter' | 'seenKept'>> & JournalOptions,
  ) {
    this.deliveries = new Recent(o.seenKept * 2);
    this.workflowIds = new Recent(o.seenKept * 2);
  }

  static async open(options: JournalOptions): Promise<IntakeJournal> {
    const o = { compactAfter: 1000, seenKept: 5000, ...options };
    await mkdir(o.dir, { recursive: true, mode: 0o700 });
    const lock = takeLock(o.dir);
    const file = join(o.dir, 'intake.jsonl');
    await rm(`${file}.tmp`, { force: true }); // a compaction that crashed before its rename
    const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return '';
      throw err;
    });
    const handle = await open(file, 'a', 0o600);
    const journal = new IntakeJournal(file, lock, handle, o);
    await journal.load(text);
    return journal;
  }

  private async load(text: string): Promise<void> {
    const log = this.o.log ?? (() => {});
    let offset = 0;
    let good = 0;
    const lines = text.split('\n');
    for (const [i, raw] of lines.entries()) {
      const last = i === lines.length - 1;
      offset += Buffer.byteLength(raw) + (last ? 0 : 1);
      if (raw.trim() === '') {
        if (!last) good = offset;
        continue;
      }
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
        if (last) throw new Error('no newline'); // every complete line ends with "\n"
      } catch {
        const tail = lines.slice(i + 1).every((l) => l.trim() === '');
        log({ msg: tail ? 'intake journal: ignored a truncated last line (written when the App stopped; it was never answered)' : 'intake journal: skipped a corrupt line', file: this.file, line: i + 1 });
        if (tail) break;
        good = offset;
        continue;
      }
      good = offset;
      this.apply(line);
    }
    if (good < Buffer.byteLength(text)) await truncate(this.file, good);
    if (this.pendingById.size > 0) log({ msg: 'intake journal: replaying deliveries not yet started', pending: this.pendingById.size });
  }

  private apply(line: Line): void {
    if (line.op === 'accept') {
      this.pendingById.set(line.seq, { seq: line.seq, at: line.at, delivery: line.delivery, event: line.event, work: line.work });
      this.deliveries.add(line.delivery);
      this.workflowIds.add(line.work.workflowId);
      this.nextSeq = Math.max(this.nextSeq, line.seq + 1);
    } else if (line.op === 'done') {
      this.pendingById.delete(line.seq);
    } else if (line.op === 'seen') {
      for (const d of line.deliveries) this.deliveries.add(d);
      for (const w of line.workflowIds) this.workflowIds.add(w);
      this.nextSeq = Math.max(this.nextSeq, line.next);
    }
  }

  /** True when this delivery id, or the workflow id it maps to, was journaled before. */
  knows(delivery: string, workflowId: string): boolean {
    return this.deliveries.has(delivery) || this.workflowIds.has(workflowId);
  }

  /** Appends the Work; resolves once it is on disk (fdatasync). */
  async append(delivery: string, event: string, work: StartWork): Promise<JournalEntry> {
    if (this.closed) throw new Error('the intake journal is closed');
    const entry: JournalEntry = { seq: this.nextSeq++, at: new Date().toISOString(), delivery, event, work };
    this.deliveries.add(delivery);
    this.workflowIds.add(work.workflowId);
    try {
      await new Promise<void>((done, fail) => this.enqueue({ text: `${JSON.stringify({ op: 'accept', ...entry })}\n`, sync: true, done, fail }));
    } catch (err) {
      // Not on disk, not answered 202: let GitHub's redelivery try again.
      this.deliveries.delete(delivery);
      this.workflowIds.delete(work.workflowId);
      throw err;
    }
    this.pendingById.set(entry.seq, entry);
    return entry;
  }

  /** Marks an entry handled (no fdatasync: replaying it again only meets Temporal's duplicate check). */
  markDone(seq: number, result: string): void {
    if (!this.pendingById.delete(seq) || this.closed) return;
    this.doneSinceCompaction++;
    this.enqueue({ text: `${JSON.stringify({ op: 'done', seq, result })}\n`, sync: false });
  }

  pending(): JournalEntry[] {
    return [...this.pendingById.values()];
  }

  private enqueue(item: IntakeJournal['queue'][number]): void {
    this.queue.push(item);
    this.flushing ??= this.flush().finally(() => {
      this.flushing = undefined;
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.handle.write(batch.map((b) => b.text).join(''));
        if (batch.some((b) => b.sync)) await this.handle.datasync();
        for (const b of batch) b.done?.();
      } catch (err) {
        for (const b of batch) b.fail?.(err);
        this.o.log?.({ msg: 'intake journal: write failed', error: err instanceof Error ? err.message : String(err) });
      }
      if (this.doneSinceCompaction >= this.o.compactAfter && this.queue.length === 0) await this.compact();
    }
  }

  /** Rewrites the file as the ids seen lately + the pending entries (atomic rename). */
  private async compact(): Promise<void> {
    const tmp = `${this.file}.tmp`;
    const seen: Line = { op: 'seen', next: this.nextSeq, deliveries: this.deliveries.last(this.o.seenKept), workflowIds: this.workflowIds.last(this.o.seenKept) };
    const lines = [seen, ...[...this.pendingById.values()].map((e) => ({ op: 'accept' as const, ...e }))];
    try {
      await writeFile(tmp, lines.map((l) => `${JSON.stringify(l)}\n`).join(''), { mode: 0o600, flush: true });
      await rename(tmp, this.file);
      const dir = openSync(this.o.dir, 'r');
      fsyncSync(dir);
      closeSync(dir);
      await this.handle.close();
      this.handle = await open(this.file, 'a', 0o600);
      this.doneSinceCompaction = 0;
    } catch (err) {
      this.o.log?.({ msg: 'intake journal: compaction failed (the journal keeps growing until the next try)', error: err instanceof Error ? err.message : String(err) });
      this.doneSinceCompaction = 0;
    }
  }

  /** Test helper and shutdown: wait until everything queued is written. */
  async settle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.settle();
    this.closed = true;
    await this.handle.close();
    removeFile(this.lock);
  }
}
