import { randomInt } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { SAMPLES } from '../test/secret-samples';
import { detectSecretShape, looksRandom, maskSecretShapes } from './secret-shapes';

describe('known formats are recognised, with the kind and at most a 4-character public prefix', () => {
  test.each([
    ['github', 'a GitHub token (ghp_…)'],
    ['githubApp', 'a GitHub token (ghs_…)'],
    ['githubPat', 'a GitHub fine-grained personal access token'],
    ['slack', 'a Slack token (xoxb…)'],
    ['slackWebhook', 'a Slack incoming-webhook URL'],
    ['aws', 'an AWS access key id (AKIA…)'],
    ['stripe', 'a Stripe live secret key'],
    ['jwt', 'a JSON Web Token (eyJ…)'],
    ['pem', 'a PEM private key (-----BEGIN … PRIVATE KEY-----)'],
    ['flowopsKey', 'a flowops webhook key (flk_…)'],
    ['urlCredentials', 'a URL with credentials (user:password@…)'],
    ['bearer', 'a literal Authorization credential (Bearer/Basic …)'],
  ] as const)('%s', (name, kind) => {
    expect(detectSecretShape(SAMPLES[name])?.kind).toBe(kind);
    expect(detectSecretShape(`prefix text ${SAMPLES[name]} suffix`)?.kind).toBe(kind);
  });
});

describe('high-entropy strings', () => {
  test('a random 32-character string is a random credential; its length is all that is said of it', () => {
    expect(detectSecretShape(SAMPLES.random)?.kind).toBe('a random credential (a high-entropy string of 32 characters)');
    expect(looksRandom(SAMPLES.random)).toBe(true);
  });

  test('random strings of 40 characters are caught nearly always (bounded sample)', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    const words = Array.from({ length: 200 }, () => Array.from({ length: 40 }, () => alphabet[randomInt(alphabet.length)]).join(''));
    expect(words.filter(looksRandom).length).toBeGreaterThan(170);
  });

  test.each([
    'deployServiceToProductionV2',
    'MyServiceProductionCluster01',
    'da39a3ee5e6b4b0d3255bfef95601890afd80709', // a git SHA
    '550e8400-e29b-41d4-a716-446655440000', // a UUID
    '/repos/acme/api/actions/workflows/deploy.yml',
    'x-flowops-idempotency-key',
    'us-east-1/prod/DeployRoleForGitHubActions',
    'k8s-prod-eu-west-1-cluster-02-nodes',
    'sha256-0123456789abcdefABCDEF',
    'https://api.example.com/v1/users?page=2&per_page=100',
    'https://example.com:8443/path@x',
  ])('%s is not a secret', (value) => {
    expect(detectSecretShape(value)).toBeUndefined();
  });
});

describe('plain values are not secrets, whatever their key', () => {
  test.each(['vault', 'bearer', 'Bearer', 'Bearer {{ secret.T }}', 'password123', 'my-token', 'ghp_short'])('%s', (value) => {
    expect(detectSecretShape(value)).toBeUndefined();
  });
});

test('maskSecretShapes masks what it recognises and nothing else', () => {
  expect(maskSecretShapes(`      token: ${SAMPLES.github}`)).toBe('      token: ****');
  expect(maskSecretShapes(`url: ${SAMPLES.urlCredentials}`)).toBe('url: ****registry.example.com/v2/');
  expect(maskSecretShapes('tokenType: bearer')).toBe('tokenType: bearer');
});
