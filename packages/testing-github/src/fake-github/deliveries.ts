/**
 * The fake GitHub's webhook deliveries: it POSTs signed events to the App's webhook URL, records
 * every attempt the way GitHub's "Recent Deliveries" does (status code, `failed to connect`,
 * redelivery flag; the guid is shared by all deliveries of one event). `delivery-handlers.ts`
 * serves them to the App.
 * @module
 */
import { createHmac, randomUUID } from 'node:crypto';

/**
 * `X-Hub-Signature-256` as GitHub computes it. Written here, on GitHub's side, so the App's own
 * verification is tested against an independent signer rather than against itself.
 */
function hubSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** One delivery attempt, as GitHub lists it (plus the request, for tests). */
export interface FakeDelivery {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  duration: number;
  status: string;
  status_code: number;
  event: string;
  action: string | null;
  installation_id: number | null;
  repository_id: number | null;
  /** The signed body sent (not listed by the API). */
  body: string;
}

/** The App's webhook and the deliveries made to it. */
export class FakeHooks {
  /** Where deliveries go (`…/webhooks`) and the secret they are signed with. */
  target: { url: string; secret: string } | undefined;
  /** Every attempt, oldest first. */
  readonly deliveries: FakeDelivery[] = [];
  /** Redeliveries in flight (a test awaits `settled()`). */
  private readonly inFlight = new Set<Promise<FakeDelivery>>();
  private nextId = 90_000;

  configure(url: string, secret: string): void {
    this.target = { url, secret };
  }

  /** Delivers an event as GitHub does and records the attempt (never throws). */
  deliver(event: string, payload: Record<string, unknown>, guid: string = randomUUID()): Promise<FakeDelivery> {
    return this.attempt(event, JSON.stringify(payload), guid, false);
  }

  /** Delivers a recorded delivery's event again, under the same guid. */
  redeliver(id: number): Promise<FakeDelivery> | undefined {
    const d = this.deliveries.find((x) => x.id === id);
    if (!d) return undefined;
    const p = this.attempt(d.event, d.body, d.guid, true);
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  /** Resolves once every redelivery asked for so far was attempted. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private async attempt(event: string, body: string, guid: string, redelivery: boolean): Promise<FakeDelivery> {
    if (!this.target) throw new Error('the fake GitHub has no webhook URL: call hooks.configure(url, secret) first');
    const payload = JSON.parse(body) as { action?: string; installation?: { id?: number }; repository?: { id?: number } };
    const started = Date.now();
    let status_code = 0;
    let status = 'failed to connect';
    try {
      const res = await fetch(this.target.url, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'x-github-event': event,
          'x-github-delivery': guid,
          'x-hub-signature-256': hubSignature(this.target.secret, body),
          'user-agent': 'GitHub-Hookshot/fake',
        },
        signal: AbortSignal.timeout(10_000), // GitHub gives up after 10 s
      });
      await res.arrayBuffer();
      status_code = res.status;
      status = res.ok ? 'OK' : `Invalid HTTP Response: ${res.status}`;
    } catch (err) {
      status = (err as Error).name === 'TimeoutError' ? 'timed out' : 'failed to connect';
    }
    const d: FakeDelivery = {
      id: ++this.nextId,
      guid,
      delivered_at: new Date(started).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      redelivery,
      duration: (Date.now() - started) / 1000,
      status,
      status_code,
      event,
      action: payload.action ?? null,
      installation_id: payload.installation?.id ?? null,
      repository_id: payload.repository?.id ?? null,
      body,
    };
    this.deliveries.push(d);
    return d;
  }
}
