import { SEMVER_PATTERN } from '@flowops/core';
import { expect, it } from 'vitest';
import { SEMVER } from './semver-order';

it('uses the same semver pattern as @flowops/core', () => {
  expect(SEMVER.source).toBe(SEMVER_PATTERN.source);
});
