/**
 * A TCP proxy on 127.0.0.1 in front of Temporal that a test can cut (existing connections reset,
 * new ones refused) to simulate an outage, and bring back with `up = true`.
 */
import { type Server, type Socket, createServer, connect as tcpConnect } from 'node:net';

export interface CuttableProxy {
  address: string;
  up: boolean;
  cut(): void;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (`host:port`). */
export async function cuttableProxy(target: string): Promise<CuttableProxy> {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  const sockets = new Set<Socket>();
  const state = { up: true };
  const server: Server = createServer((client) => {
    if (!state.up) return void client.destroy();
    const upstream = tcpConnect(port, host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = `127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    address,
    get up() {
      return state.up;
    },
    set up(v: boolean) {
      state.up = v;
    },
    cut() {
      state.up = false;
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
