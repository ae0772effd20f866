/** fast-check arbitraries shared by the expression tests (test-only; not exported by the package). */
import fc from 'fast-check';
import { type Reference, printReference } from './reference';

const segment = fc.oneof(
  fc.nat({ max: 1000 }),
  fc.stringMatching(/^[A-Za-z_$][A-Za-z0-9_$-]{0,8}$/),
  fc.string({ maxLength: 8 }),
);
const envName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/);
const stepId = fc.stringMatching(/^[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,4}){0,2}$/);

export const arbReference: fc.Arbitrary<Reference> = fc
  .oneof(
    fc.record({ root: fc.constantFrom('input' as const, 'item' as const), path: fc.array(segment, { maxLength: 4 }) }),
    fc.constant({ root: 'index' as const, path: [] }),
    fc.record({ root: fc.constantFrom('env' as const, 'secret' as const), path: envName.map((n) => [n]) }),
    fc.record({ root: fc.constant('steps' as const), stepId, field: fc.constant('output' as const), path: fc.array(segment, { maxLength: 4 }) }),
    fc.record({ root: fc.constant('steps' as const), stepId, field: fc.constant('status' as const), path: fc.constant([]) }),
  )
  .map((r) => ({ ...r, text: printReference(r) }) as Reference);

