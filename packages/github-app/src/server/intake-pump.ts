/**
 * The pump behind the intake journal: starts each journaled Work in Temporal (same workflow
 * ids, `REJECT_DUPLICATE`: a replay of an id already started is recognised, never started
 * again), marks it done, and retries what failed — Temporal down, overloaded — with exponential
 * backoff (0.2 s doubling to 30 s) for as long as it takes. A few starts run at a time.
 * @module
 */
import type { IntakeJournal, JournalEntry, StartWork } from './intake-journal';

export type Starter = (work: StartWork) => Promise<{ status: string }>;

export interface PumpOptions {
  journal: IntakeJournal;
  start: Starter;
  log?: (event: Record<string, unknown>) => void;
  /** Starts in flight at once (default 16). */
  concurrency?: number;
  /** Delay before retrying after `failures` consecutive failures (default 0.2 s doubling, ≤ 30 s). */
  backoffMs?: (failures: number) => number;
}

export const pumpBackoffMs = (failures: number): number => Math.min(30_000, 200 * 2 ** Math.max(0, failures - 1));

export class IntakePump {
  private readonly queue: JournalEntry[];
  private inFlight = 0;
  private failures = 0;
  private pausedUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private idle: Array<() => void> = [];
  private readonly log: (event: Record<string, unknown>) => void;

  constructor(private readonly o: PumpOptions) {
    this.log = o.log ?? (() => {});
    this.queue = o.journal.pending().sort((a, b) => a.seq - b.seq);
  }

  /** Entries journaled and not yet accepted by Temporal. */
  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  /** Queue a freshly journaled entry and start it now if possible. */
  push(entry: JournalEntry): void {
    this.queue.push(entry);
    this.kick();
  }

  kick(): void {
    if (this.stopped) return;
    const wait = this.pausedUntil - Date.now();
    if (wait > 0) {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.kick();
      }, wait);
      return;
    }
    const limit = this.failures > 0 ? 1 : (this.o.concurrency ?? 16); // after a failure, probe with one start
    while (this.inFlight < limit && this.queue.length > 0) void this.run(this.queue.shift()!);
    if (this.pending === 0) for (const r of this.idle.splice(0)) r();
  }

  private async run(entry: JournalEntry): Promise<void> {
    this.inFlight++;
    try {
      const { status } = await this.o.start(entry.work);
      this.o.journal.markDone(entry.seq, status);
      if (this.failures > 0) this.log({ msg: 'intake: Temporal accepts starts again', pending: this.pending - 1 });
      this.failures = 0;
      this.log({ msg: `webhook ${status}`, event: entry.event, delivery: entry.delivery, workflowId: entry.work.workflowId });
    } catch (err) {
      this.failures++;
      const delay = (this.o.backoffMs ?? pumpBackoffMs)(this.failures);
      this.pausedUntil = Math.max(this.pausedUntil, Date.now() + delay);
      this.queue.push(entry); // behind the others: one that keeps failing does not block the rest
      if (this.failures === 1 || this.failures % 10 === 0) {
        this.log({ msg: 'intake: could not start a journaled delivery; retrying', delivery: entry.delivery, workflowId: entry.work.workflowId, pending: this.pending, retryInMs: delay, error: err instanceof Error ? err.message : String(err) });
      }
    } finally {
      this.inFlight--;
      this.kick();
    }
  }

  /** Resolves once nothing is pending (or after `timeoutMs`); true when drained. */
  drained(timeoutMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    if (this.pending === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = Number.isFinite(timeoutMs) ? setTimeout(() => resolve(false), timeoutMs) : undefined;
      this.idle.push(() => {
        clearTimeout(t);
        resolve(true);
      });
    });
  }

  /** Stop starting new work; waits (≤ `graceMs`) for starts in flight. What is left stays journaled. */
  async stop(graceMs = 5000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const t = Date.now();
    while (this.inFlight > 0 && Date.now() - t < graceMs) await new Promise((r) => setTimeout(r, 20));
  }
}
