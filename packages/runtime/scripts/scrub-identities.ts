/** Shared by the corpus recorders: a history as committed JSON, with no trace of the recording host. */
import { hostname } from 'node:os';

/** Identities name hosts and processes: replace them so the corpus says nothing about the recorder. */
export function scrub(json: string): string {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return typeof v === 'string' ? v.split(hostname()).join('recorder-host') : v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'identity' ? 'replay-recorder' : walk(x)]));
  };
  return `${JSON.stringify(walk(JSON.parse(json)), null, 1)}\n`;
}
