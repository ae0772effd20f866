/**
 * A side-effect server on 127.0.0.1 for fault tests: `POST /effects` with a JSON body
 * `{ run, step }` applies one effect per (run, step) — unless its `Idempotency-Key` was seen,
 * then it answers the stored response without applying anything. Answers are delayed (so a
 * killed worker leaves requests in flight), arrivals are timestamped per (run, step), requests
 * whose client went away unanswered are noted, and a (run, step) applied twice is a duplicate effect.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EffectStats {
  requests: number;
  applied: number;
  /** Requests answered from a key seen before (retries the key made harmless). */
  deduplicated: number;
  /** (run, step) pairs whose effect was applied more than once. */
  duplicateEffects: number;
  withoutKey: number;
}

export interface EffectsServer {
  url: string;
  stats(): EffectStats;
  /** `<run>/<step>` of the requests being handled right now (only those of one `x-fault-worker` tag when given). */
  inFlight(worker?: string): string[];
  /** Arrival times (ms since epoch) per `<run>/<step>`. */
  arrivals(identity: string): number[];
  /** `<run>/<step>` of requests whose client went away before the answer (a killed worker), since `ms`. */
  abandonedSince(ms: number): string[];
  close(): Promise<void>;
}

export async function startEffectsServer(o: { delayMs?: [number, number] } = {}): Promise<EffectsServer> {
  const [lo, hi] = o.delayMs ?? [300, 1200];
  const responses = new Map<string, { status: number; body: string }>();
  const applied = new Map<string, number>();
  const arrivals = new Map<string, number[]>();
  const inFlight = new Map<string, number>();
  const inFlightBy = new Map<string, Set<string>>();
  const abandoned: Array<{ identity: string; at: number }> = [];
  const stats = { requests: 0, applied: 0, deduplicated: 0, withoutKey: 0 };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    if (req.method !== 'POST' || req.url !== '/effects') {
      res.writeHead(404).end();
      return;
    }
    let body: { run?: string; step?: string };
    try {
      body = JSON.parse(raw);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const identity = `${body.run}/${body.step}`;
    stats.requests++;
    arrivals.set(identity, [...(arrivals.get(identity) ?? []), Date.now()]);
    inFlight.set(identity, (inFlight.get(identity) ?? 0) + 1);
    const worker = String(req.headers['x-fault-worker'] ?? '');
    const mine = inFlightBy.get(worker) ?? new Set<string>();
    inFlightBy.set(worker, mine.add(identity));
    const done = (): void => {
      mine.delete(identity);
      const n = (inFlight.get(identity) ?? 1) - 1;
      if (n > 0) inFlight.set(identity, n);
      else inFlight.delete(identity);
    };
    res.once('close', () => {
      if (!res.writableFinished) abandoned.push({ identity, at: Date.now() });
      done();
    });
    const key = req.headers['idempotency-key'];
    let answer = typeof key === 'string' ? responses.get(key) : undefined;
    if (answer) stats.deduplicated++;
    else {
      if (typeof key !== 'string') stats.withoutKey++;
      const count = (applied.get(identity) ?? 0) + 1;
      applied.set(identity, count);
      stats.applied++;
      answer = { status: 201, body: JSON.stringify({ id: `${identity}#${count}` }) };
      if (typeof key === 'string') responses.set(key, answer);
    }
    const reply = answer;
    setTimeout(
      () => {
        if (!res.destroyed) res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
      },
      lo + Math.random() * (hi - lo),
    );
  };

  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => handle(req, res, raw));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats: () => ({ ...stats, duplicateEffects: [...applied.values()].filter((n) => n > 1).length }),
    inFlight: (worker) => (worker === undefined ? [...inFlight.keys()] : [...(inFlightBy.get(worker) ?? [])]),
    arrivals: (identity) => arrivals.get(identity) ?? [],
    abandonedSince: (ms) => [...new Set(abandoned.filter((a) => a.at >= ms).map((a) => a.identity))],
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
