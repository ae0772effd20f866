/**
 * A bounded memory of recent `X-GitHub-Delivery` ids: the fast path of deduplication. The
 * durable guarantee is the Temporal workflow id derived from the same delivery (or PR/commit).
 * @module
 */
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

  forget(id: string): void {
    this.seen.delete(id);
  }

  get size(): number {
    return this.seen.size;
  }
}
