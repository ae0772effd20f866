import { describe, expect, it } from 'vitest';
import type { WorkflowInput } from './ir';
import { escapeMermaidLabel, mermaidId, workflowToMermaid } from './mermaid';

const wf: WorkflowInput = {
  apiVersion: 'flowops/v1',
  kind: 'Workflow',
  name: 'release',
  version: '1.2.0',
  owner: '@acme/platform',
  input: {},
  steps: [
    { id: 'fetch', type: 'action', uses: 'http.request@1', effect: 'read', name: 'Get "status" <now>' },
    {
      id: 'fan-out',
      type: 'parallel',
      steps: [
        { id: 'notify', type: 'action', uses: 'slack.post@1', effect: 'write' },
        { id: 'wait', type: 'sleep', duration: '5m' },
      ],
    },
    {
      id: 'each-env',
      type: 'forEach',
      items: '{{ input.envs }}',
      maxParallel: 2,
      steps: [{ id: 'deploy', type: 'call', workflow: 'deploy-one', with: {} }],
    },
    {
      id: 'gate',
      type: 'when',
      condition: { op: 'eq', left: '{{ input.env }}', right: 'prod' },
      then: [{ id: 'approve', type: 'approval', message: 'ok?', timeout: '1h' }],
      else: [{ id: 'skip', type: 'action', uses: 'log.info@1', effect: 'read', if: { op: 'exists', ref: 'input.tag' } }],
    },
    { id: 'end', type: 'action', uses: 'log.info@1', effect: 'read', dependsOn: ['fetch', 'gate'] },
  ],
};

describe('workflowToMermaid', () => {
  const src = workflowToMermaid(wf, { notify: 'added', fetch: 'changed', 'old-step': 'removed' });
  const lines = src.split('\n');

  it('starts with flowchart TD and draws each step kind with its shape', () => {
    expect(lines[0]).toBe('flowchart TD');
    expect(src).toContain('s_fetch["fetch: Get #quot;status#quot; #lt;now#gt;<br/>http.request@1"]');
    expect(src).toContain('s_notify[/"notify<br/>slack.post@1"/]');
    expect(src).toContain('s_wait(["wait<br/>sleep 5m"])');
    expect(src).toContain('s_deploy[["deploy<br/>call deploy-one"]]');
    expect(src).toContain('s_approve{{"approve<br/>approval (timeout 1h)"}}');
    expect(src).toContain('s_skip["skip<br/>log.info@1<br/>if exists(input.tag)"]');
    expect(src).toContain('s_end["end<br/>log.info@1"]');
  });

  it('renders containers as balanced subgraphs', () => {
    expect(src).toContain('subgraph s_fan_out["parallel: fan-out"]');
    expect(src).toContain('subgraph s_each_env["for each input.envs: each-env, max 2"]');
    expect(src).toContain('subgraph s_gate["when: gate<br/>input.env == #quot;prod#quot;"]');
    expect(src).toContain('subgraph s_gate__then["then"]');
    expect(src).toContain('subgraph s_gate__else["else"]');
    const opened = lines.filter((l) => /^\s*subgraph /.test(l)).length;
    const closed = lines.filter((l) => /^\s*end$/.test(l)).length;
    expect(opened).toBe(5);
    expect(closed).toBe(opened);
  });

  it('draws dependency edges, including implicit declared order', () => {
    expect(src).toContain('s_fetch --> s_fan_out');
    expect(src).toContain('s_fan_out --> s_each_env');
    expect(src).toContain('s_each_env --> s_gate');
    expect(src).toContain('s_fetch --> s_end');
    expect(src).toContain('s_gate --> s_end');
    expect(src).not.toContain('s_notify --> s_wait'); // parallel children are unordered
  });

  it('marks steps and draws removed ones', () => {
    expect(src).toContain('s_old_step["old-step<br/>(removed)"]');
    expect(src).toMatch(/classDef added .*\n.*classDef changed .*\n.*classDef removed .*stroke-dasharray/);
    expect(src).toContain('class s_fetch changed');
    expect(src).toContain('class s_notify added');
    expect(src).toContain('class s_old_step removed');
  });

  it('omits classDefs without marks and never emits a bare "end" node id', () => {
    const plain = workflowToMermaid(wf);
    expect(plain).not.toContain('classDef');
    expect(plain).not.toMatch(/^\s*end\[/m);
  });
});

describe('escaping', () => {
  it('escapes entity syntax and quotes', () => {
    expect(escapeMermaidLabel('a#b&"c"<d>`e`\nf')).toBe('a#35;b#amp;#quot;c#quot;#lt;d#gt;#96;e#96; f');
    expect(escapeMermaidLabel('x'.repeat(200)).length).toBeLessThanOrEqual(80);
    expect(mermaidId('a-b-c')).toBe('s_a_b_c');
  });
});
