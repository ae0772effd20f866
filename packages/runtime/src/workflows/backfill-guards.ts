/**
 * forEach guards for backfills: `rateLimit` (start at most N items per second, paced by durable
 * workflow timers: deterministic on replay) and `circuitBreaker` (stop scheduling new items once
 * more than `maxFailureRate` of the finished items failed, after `minItems`, and fail the step
 * with FLOW_CIRCUIT_OPEN listing the failed items). Sandbox-safe.
 * @module
 */
import { type CircuitBreaker, canonicalJson } from '@flowops/core';
import { sleep } from '@temporalio/workflow';
import { StepFailure } from './failures';

/** Spaces item starts `1000 / perSecond` ms apart (workflow time; the first starts at once). */
export class Pacer {
  private nextAt: number | undefined;
  private readonly intervalMs: number;
  constructor(perSecond: number) {
    this.intervalMs = 1000 / perSecond;
  }
  /** Wait (a workflow timer) until the next item may start. */
  async next(): Promise<void> {
    const now = Date.now();
    if (this.nextAt !== undefined && this.nextAt > now) await sleep(Math.ceil(this.nextAt - now));
    this.nextAt = Math.max(Date.now(), this.nextAt ?? 0) + this.intervalMs;
  }
}

/** How many failed items the breaker's error message names (the rest are counted). */
export const LISTED_FAILURES = 20;

/** Counts finished items; `open` once the failure rate passes the threshold. */
export class Breaker {
  open = false;
  private scheduled = 0;
  private ok = 0;
  private readonly failures: { index: number; item: unknown }[] = [];
  constructor(readonly config: CircuitBreaker) {}

  started(): void {
    this.scheduled++;
  }
  succeeded(): void {
    this.ok++;
    this.judge();
  }
  failed(index: number, item: unknown): void {
    this.failures.push({ index, item });
    this.judge();
  }
  private judge(): void {
    const finished = this.ok + this.failures.length;
    if (finished >= this.config.minItems && this.failures.length / finished > this.config.maxFailureRate) this.open = true;
  }

  /** FLOW_CIRCUIT_OPEN: the rate, what was not scheduled, and the failed items (index and a preview). */
  failure(stepKey: string, total: number): StepFailure {
    const finished = this.ok + this.failures.length;
    const sorted = [...this.failures].sort((a, b) => a.index - b.index);
    const preview = (v: unknown): string => {
      const text = canonicalJson(v ?? null);
      return text.length > 60 ? `${text.slice(0, 57)}...` : text;
    };
    const listed = sorted.slice(0, LISTED_FAILURES).map((f) => `#${f.index} ${preview(f.item)}`);
    const more = sorted.length > LISTED_FAILURES ? ` and ${sorted.length - LISTED_FAILURES} more` : '';
    const pct = (n: number): string => `${Math.round(n * 1000) / 10}%`;
    return new StepFailure(
      'FLOW_CIRCUIT_OPEN',
      `Step "${stepKey}": circuit breaker opened: ${this.failures.length} of ${finished} finished items failed (${pct(this.failures.length / finished)} > maxFailureRate ${pct(this.config.maxFailureRate)} after minItems ${this.config.minItems}); ${total - this.scheduled} of ${total} items were not scheduled. Failed items: ${listed.join(', ')}${more} — To fix: look at the failed items' errors in the run's trace, fix the target, and re-run the backfill`,
    );
  }
}
