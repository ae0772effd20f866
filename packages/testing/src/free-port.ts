/**
 * Free TCP ports, chosen by the OS (listen on port 0, read the port, close).
 * @module
 */
import { createServer } from 'node:net';

/** A TCP port that was free a moment ago on `host`. */
export function getFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => (port ? resolve(port) : reject(new Error('the OS did not assign a port'))));
    });
  });
}

/** `count` distinct free ports. */
export async function getFreePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await getFreePort(host));
  return [...ports];
}
