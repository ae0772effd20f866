/**
 * How the webhook server acknowledges work — the App's ack modes:
 * - `journal` (default of `flowops app`): 202 once the Work is fdatasync'ed to the intake journal
 *   on local disk; the pump starts it in Temporal right after, and after a crash or a Temporal
 *   outage as soon as it can. Promise: a 202 is never lost while that disk survives, and never
 *   started twice (Temporal's workflow id). Latency does not depend on Temporal.
 * - `temporal` (strict): 202 only after Temporal accepted `StartWorkflowExecution`; 503 when it
 *   cannot (GitHub may redeliver). Promise: a 202 is durable in Temporal itself; no local state.
 * @module
 */
import { IntakeJournal } from './intake-journal';
import { IntakePump } from './intake-pump';
import type { WorkStarter } from './webhook-server';

export type AckMode = 'journal' | 'temporal';
export const ACK_MODES: readonly AckMode[] = ['journal', 'temporal'];

export interface Intake {
  ack: AckMode;
  start: WorkStarter;
  /** Journaled deliveries not yet accepted by Temporal (0 in `temporal` mode). */
  pending(): number;
  close(): Promise<void>;
}

export async function createIntake(o: { ack: AckMode; journalDir?: string | undefined; start: WorkStarter; log?: (event: Record<string, unknown>) => void }): Promise<Intake> {
  if (o.ack === 'temporal') return { ack: 'temporal', start: o.start, pending: () => 0, close: async () => {} };
  if (!o.journalDir) throw new Error('the journal ack mode needs a journal directory');
  const journal = await IntakeJournal.open({ dir: o.journalDir, ...(o.log ? { log: o.log } : {}) });
  const pump = new IntakePump({ journal, start: o.start, ...(o.log ? { log: o.log } : {}) });
  pump.kick(); // replay what a previous run journaled and did not start
  return {
    ack: 'journal',
    async start(work, meta) {
      const delivery = meta?.delivery ?? work.workflowId;
      if (journal.knows(delivery, work.workflowId)) return { status: 'duplicate', workflowId: work.workflowId };
      pump.push(await journal.append(delivery, meta?.event ?? '', work));
      return { status: 'accepted', workflowId: work.workflowId };
    },
    pending: () => pump.pending,
    async close() {
      await pump.stop();
      await journal.close();
    },
  };
}
