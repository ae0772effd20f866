/**
 * `flowops status <id> --follow`: poll a run's `progress` query until the run closes, printing
 * each step's status change once. Bounded by the run's end (its result, long-polled alongside)
 * or an abort signal (Ctrl-C); the run itself keeps going either way.
 * @module
 */
import type { Client } from '@temporalio/client';
import { getProgress, type RunOutcome, waitForResult } from '@flowops/runtime';

/** What change detection needs of a step: a progress entry or a trace entry. */
export interface StepState {
  step: string;
  status: string;
  attempt?: number | undefined;
  error?: { code: string; message: string } | undefined;
}

/**
 * The steps whose status (or attempt) differs from what `seen` holds, in order; updates `seen`.
 * A step seen once with the same status and attempt is never reported again.
 */
export function stepChanges(seen: Map<string, string>, steps: readonly StepState[]): StepState[] {
  const changed: StepState[] = [];
  for (const s of steps) {
    const key = `${s.status}#${s.attempt ?? 1}`;
    if (seen.get(s.step) === key) continue;
    seen.set(s.step, key);
    changed.push(s);
  }
  return changed;
}

/** One plain line per change: `  <step> <status> (attempt n) code: message`. */
export function renderChange(s: StepState): string {
  const attempt = s.attempt && s.attempt > 1 ? ` (attempt ${s.attempt})` : '';
  const error = s.error ? ` ${s.error.code}: ${s.error.message}` : '';
  return `  ${s.step} ${s.status}${attempt}${error}\n`;
}

export interface FollowOptions {
  client: Client;
  workflowId: string;
  /** Where change lines go; omitted with `--format json` (only the final JSON is printed). */
  onChange?: ((line: string) => void) | undefined;
  /** Poll interval (default 1 s). */
  intervalMs?: number | undefined;
  /** Ctrl-C: stop following (resolves with undefined). */
  signal?: AbortSignal | undefined;
}

/** Follow a run to its end; the outcome, or undefined when `signal` stopped the following first. */
export async function followRun(o: FollowOptions): Promise<RunOutcome | undefined> {
  const seen = new Map<string, string>();
  const report = (steps: readonly StepState[]) => {
    for (const s of stepChanges(seen, steps)) o.onChange?.(renderChange(s));
  };
  let settled = false;
  const done = waitForResult(o.client, o.workflowId).finally(() => {
    settled = true;
  });
  const aborted = new Promise<'aborted'>((resolve) => {
    if (o.signal?.aborted) resolve('aborted');
    o.signal?.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  while (!settled && !o.signal?.aborted) {
    try {
      report((await getProgress(o.client, o.workflowId)).steps);
    } catch (err) {
      if (!settled) throw err; // a query racing the run's close: the result below has the steps
    }
    let timer: NodeJS.Timeout | undefined;
    const tick = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, o.intervalMs ?? 1000);
    });
    await Promise.race([
      tick,
      done.then(
        () => undefined,
        () => undefined,
      ),
      aborted,
    ]);
    clearTimeout(timer);
  }
  if (o.signal?.aborted && !settled) {
    done.catch(() => undefined);
    return undefined;
  }
  const outcome = await done;
  report(outcome.steps);
  return outcome;
}
