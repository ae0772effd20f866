import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporalConnectionOptions } from './connection-options';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('temporalConnectionOptions', () => {
  it('is empty for a plain local environment', () => {
    expect(temporalConnectionOptions({ tls: false })).toEqual({});
  });

  it('uses server TLS and the API key for Temporal Cloud', () => {
    expect(temporalConnectionOptions({ tls: true, apiKey: 'k' })).toEqual({ tls: true, apiKey: 'k' });
  });

  it('reads mTLS material given as PEM text or as file paths', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowops-pem-'));
    const keyFile = join(dir, 'client.key');
    writeFileSync(keyFile, 'KEY-PEM');
    const options = temporalConnectionOptions({ tls: { clientCert: PEM, clientKey: keyFile, serverName: 'ns.tmprl.cloud' } });
    expect(options.tls).toMatchObject({ serverNameOverride: 'ns.tmprl.cloud' });
    const pair = (options.tls as { clientCertPair: { crt: Buffer; key: Buffer } }).clientCertPair;
    expect(pair.crt.toString()).toBe(PEM);
    expect(pair.key.toString()).toBe('KEY-PEM');
  });
});
