/**
 * Fake credentials of every shape the secret check knows, for its tests. Assembled from parts so
 * that secret scanners do not mistake this file for a leak.
 * @module
 */
const fake = (...parts: string[]) => parts.join('');
/** One fake value per detector. */
export const SAMPLES = {
  github: fake('ghp_', 'R4nd0mL00kingT0kenValue1234567890ab'),
  githubApp: fake('ghs_', 'AbCdEf0123456789GhIjKl0123456789MnOp'),
  githubPat: fake('github_pat_', '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQR'),
  slack: fake('xoxb-', '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'),
  slackWebhook: fake('https://hooks.slack.com/services/', 'T01ABCDEF/B02GHIJKL/', 'aBcDeFgHiJkLmNoPqRsTuVwX'),
  aws: fake('AKIA', 'IOSFODNN7EXAMPL2'),
  stripe: fake('sk_live_', '51HxYzAbCdEfGhIjKlMnOpQr'),
  jwt: fake('eyJhbGciOiJIUzI1NiJ9', '.', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', '.', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'),
  pem: fake('-----BEGIN RSA ', 'PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----'),
  flowopsKey: fake('flk_', '0a1b2c3d_', 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5'.slice(0, 43)),
  random: fake('q8Zt2Lw9', 'Xv4Rk7Pm', '3Nc6Yh1J', 'b5Gd0Fs8'),
  urlCredentials: fake('https://deploy:', 'hunter2hunter2', '@registry.example.com/v2/'),
  bearer: fake('Bearer ', 'abcdef012345ghijkl'),
};
