import { defineWorkflow, sleep } from '@flowops/sdk';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { pickDefinition } from './load-ts';

const make = (name: string) => defineWorkflow({ name, owner: '@acme/sre', input: z.object({}), steps: () => [sleep('pause', '1s')] });

describe('which export is the workflow definition', () => {
  test('the default export', () => {
    const wf = make('a');
    expect(pickDefinition({ default: wf }, 'w.ts')).toEqual({ ok: true, definition: wf });
  });

  test('else a named export `workflow` (documented; for code bases that forbid default exports)', () => {
    const wf = make('a');
    expect(pickDefinition({ workflow: wf }, 'w.ts')).toEqual({ ok: true, definition: wf });
    expect(pickDefinition({ workflow: wf, default: wf }, 'w.ts')).toEqual({ ok: true, definition: wf });
  });

  test('two different definitions are refused', () => {
    const r = pickDefinition({ workflow: make('a'), default: make('b') }, 'w.ts');
    expect(r).toMatchObject({
      ok: false,
      code: 'FLOW_LOAD_ERROR',
      message: 'w.ts exports two different workflow definitions (the default export and `workflow`)',
    });
  });

  test('a definition under another name is named in the error, with the fix', () => {
    const r = pickDefinition({ deploy: make('a') }, 'w.ts');
    expect(r).toMatchObject({
      ok: false,
      code: 'FLOW_LOAD_ERROR',
      message: 'w.ts has a workflow definition exported as `deploy`, which is not read (only the default export or `workflow` is)',
      hint: 'export it as default (`export default deploy;`) or rename it to `workflow`',
    });
  });

  test('no definition at all', () => {
    expect(pickDefinition({}, 'w.ts')).toMatchObject({
      ok: false,
      message: 'w.ts has no default export (nor a named export `workflow`) holding a workflow definition',
    });
    expect(pickDefinition({ default: { name: 'x' } }, 'w.ts')).toMatchObject({
      ok: false,
      message: 'w.ts has a default export of type object, not a workflow definition',
    });
  });
});
