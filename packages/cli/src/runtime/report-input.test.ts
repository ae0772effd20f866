import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readFixtures } from './fixtures';
import { callTargets } from '@flowops/core';
import { workflowNameOf } from './target';
import { parseRepository } from './report-input';

describe('helpers', () => {
  test('parseRepository wants owner/repo', () => {
    expect(parseRepository('acme/flows')).toEqual({ owner: 'acme', repo: 'flows' });
    expect(() => parseRepository(undefined)).toThrow(/GITHUB_REPOSITORY/);
    expect(() => parseRepository('nope')).toThrow(/FLOW_USAGE/);
  });
  test('workflowNameOf and callTargets', () => {
    expect(workflowNameOf('workflows/deploy/workflow.ts')).toBe('deploy');
    expect(workflowNameOf('workflows/deploy/')).toBe('deploy');
    expect(workflowNameOf('deploy')).toBe('deploy');
    const ir = {
      steps: [
        { id: 'g', type: 'parallel', steps: [{ id: 'c', type: 'call', workflow: 'child', version: '1.0.0', with: { type: 'call', workflow: 'not-a-step' } }] },
        { id: 'd', type: 'call', workflow: 'other' },
      ],
    };
    expect(callTargets(ir as never)).toEqual([{ workflow: 'child', version: '1.0.0' }, { workflow: 'other' }]);
  });
  test('readFixtures: sorted, {} without any, broken ones as FLOW_INVALID_INPUT issues', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'fixtures-'));
    mkdirSync(path.join(root, 'workflows/a/fixtures'), { recursive: true });
    writeFileSync(path.join(root, 'workflows/a/fixtures/b.json'), '{"x":1}');
    writeFileSync(path.join(root, 'workflows/a/fixtures/a.json'), '[1]');
    writeFileSync(path.join(root, 'workflows/a/fixtures/c.json'), '{ nope');
    const list = readFixtures(root, 'workflows/a/workflow.yaml');
    expect(list.map((f) => f.name)).toEqual(['a', 'b', 'c']);
    expect(list[0]).toMatchObject({ issue: { code: 'FLOW_INVALID_INPUT', message: 'fixture workflows/a/fixtures/a.json must hold a JSON object' } });
    expect(list[1]).toMatchObject({ input: { x: 1 } });
    expect(list[2]).toMatchObject({ issue: { code: 'FLOW_INVALID_INPUT' } });
    expect(readFixtures(root, 'workflows/none/workflow.ts')).toEqual([{ name: '(no fixture)', input: {} }]);
  });
});
