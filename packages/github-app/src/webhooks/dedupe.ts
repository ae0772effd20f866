/**
 * A bounded memory of recent `X-GitHub-Delivery` ids: the fast path of deduplication, per
 * process (replicas do not share it). The webhook server remembers an id only once its payload
 * parsed and routed, and forgets it when Temporal did not take the start. The durable guarantee
 * is the Temporal workflow id derived from the same delivery (or PR/commit).
 * @module
 */
/** Recent delivery ids, oldest dropped beyond `capacity`. */
export class DeliveryMemory {
  private readonly seen = new Map<string, number>();
  constructor(private readonly capacity = 10_000) {}

  /** Records the id; returns false when it was already seen. */
  remember(id: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.set(id, Date.now());
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }

  /** Drops the id (its delivery was not handed over: a redelivery must get through). */
  forget(id: string): void {
    this.seen.delete(id);
  }
}
