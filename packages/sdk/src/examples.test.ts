/**
 * Every workflow in workflows/ compiles to valid IR, and every fixture is a valid input.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type ActionStep, collectReferences, type Step, walkSteps, Workflow } from '@flowops/core';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isWorkflowDefinition, type WorkflowDefinition } from './contracts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../workflows');
const names = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

it('has the four reference workflows', () => {
  expect(names).toEqual(expect.arrayContaining(['customer-onboarding', 'data-backfill', 'deploy-service', 'incident-triage']));
});

describe.each(names)('workflows/%s', (name) => {
  const dir = join(root, name);
  const pkg = readJson(join(dir, 'package.json')) as { name: string; version: string; flowops: { workflow: string } };
  const load = async () => {
    const mod = (await import(pathToFileURL(join(dir, pkg.flowops.workflow)).href)) as { default: unknown };
    expect(isWorkflowDefinition(mod.default)).toBe(true);
    return mod.default as WorkflowDefinition;
  };

  it('package.json follows the workflow package conventions', () => {
    expect(pkg).toMatchObject({ name: `@flowops-workflows/${name}`, private: true, type: 'module', flowops: { workflow: './workflow.ts' } });
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')).toContain(`## ${pkg.version}`);
  });

  it('compiles to IR that passes Workflow.safeParse', async () => {
    const def = await load();
    const parsed = Workflow.safeParse(def.toIR(pkg.version));
    if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
    const ir = parsed.data;
    expect(ir.name).toBe(name);
    expect(ir.version).toBe(pkg.version);
    expect(ir.owner).toMatch(/^@acme\//);

    const steps = [...walkSteps(ir.steps)].map((s) => s.step);
    const ids = steps.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);

    // No warnings-to-be: every action step has a retry and a timeout (own or default), loops are bounded.
    for (const s of steps.filter((x): x is ActionStep => x.type === 'action')) {
      expect(s.retry ?? ir.defaults?.retry, `${s.id} retry`).toBeDefined();
      expect(s.timeout ?? ir.defaults?.timeout, `${s.id} timeout`).toBeDefined();
    }
    for (const s of steps.filter((x): x is Extract<Step, { type: 'forEach' }> => x.type === 'forEach')) {
      expect(s.maxParallel, `${s.id} maxParallel`).toBeDefined();
    }

    // Every reference parses, and step references point at declared steps.
    const refs = collectReferences(JSON.parse(JSON.stringify(ir.steps)));
    expect(refs.ok, JSON.stringify(refs)).toBe(true);
    if (refs.ok) for (const r of refs.value) if (r.root === 'steps') expect(ids).toContain(r.stepId);

    // JSONata expressions compile.
    for (const s of steps) {
      if (s.type === 'action' && s.uses.startsWith('transform.jsonata@')) expect(() => jsonata(String(s.with.expression))).not.toThrow();
    }

    // Cron inputs are valid inputs.
    for (const t of ir.triggers) if (t.type === 'cron' && t.input) expect(def.inputSchema?.safeParse(t.input).success).toBe(true);

    // Plugins used are reported, and secrets are references only.
    expect(def.plugins.length).toBeGreaterThan(0);
    expect(JSON.stringify(ir)).not.toMatch(/hooks\.slack\.com|ghp_|xox[bp]-/);
  });

  it('every fixture parses with the zod input schema', async () => {
    const def = await load();
    const schema = def.inputSchema;
    expect(schema).toBeDefined();
    const fixtures = readdirSync(join(dir, 'fixtures')).filter((f) => f.endsWith('.json'));
    expect(fixtures.length).toBeGreaterThan(0);
    for (const f of fixtures) {
      const result = schema?.safeParse(readJson(join(dir, 'fixtures', f)));
      expect(result?.success, `${f}: ${result?.success ? '' : z.prettifyError(result!.error)}`).toBe(true);
    }
    expect(schema?.safeParse({}).success).toBe(false);
  });
});
