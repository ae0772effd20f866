/**
 * One workflow through the per-workflow pipeline: version → load (TS via tsx, YAML) → schema →
 * duplicate steps → plugin catalog → references/DAG/conditions → secrets → warnings.
 * @module
 */
import { readFile } from 'node:fs/promises';
import valid from 'semver/functions/valid.js';
import type { Catalog } from './catalog';
import { checkPlugins } from './check-plugins';
import { checkReferences } from './check-references';
import { checkSecrets } from './check-secrets';
import { checkOperatorControls } from './check-operator-controls';
import { checkDuplicateSteps } from './check-structure';
import { checkWarnings } from './check-warnings';
import { recordStepSecrets } from './step-secrets';
import { reporter, type WorkflowUnit } from './context';
import { diagnostic, type Diagnostic } from './diagnostic';
import type { WorkflowSource } from './discover';
import type { WorkflowLoader } from './load-child';
import { loadTsWorkflow } from './load-ts';
import { jsonKeyPosition, type Locator, nullLocator } from './locator';
import type { ModuleLoader } from './module-loader';
import { normalizeYaml } from './normalize-yaml';
import { validateSchema } from './schema';
import { tsLocator } from './ts-locator';
import { loadYaml } from './yaml-source';

/** Compile one workflow source to a validated, checked IR (undefined when it cannot be built). */
export async function compileOne(
  source: WorkflowSource,
  catalog: Catalog,
  loader: ModuleLoader,
  out: Diagnostic[],
  options: { maxSteps?: number | undefined; fresh?: boolean | undefined; workflows?: WorkflowLoader | undefined } = {},
): Promise<WorkflowUnit | undefined> {
  const version = checkVersion(source, out);
  const text = await readFile(source.file, 'utf8').catch(() => undefined);
  if (text === undefined) {
    out.push(
      diagnostic({
        code: 'FLOW_LOAD_ERROR',
        message: `${source.relFile} does not exist`,
        hint: 'create it, or point flowops.workflow in package.json at the definition',
        file: source.relFile,
      }),
    );
    return undefined;
  }
  let raw: unknown;
  let locator: Locator = nullLocator;
  if (source.kind === 'yaml') {
    const yaml = loadYaml(text);
    locator = yaml.locator;
    for (const e of yaml.errors) {
      out.push(
        diagnostic({ code: 'FLOW_SCHEMA_INVALID', message: `invalid YAML: ${e.message}`, hint: 'fix the YAML syntax', file: source.relFile, pos: e.pos }),
      );
    }
    if (!yaml.ok) return undefined;
    raw = normalizeYaml(yaml.value, version, catalog, reporter(out, source, locator, nameOf(yaml.value)));
    if (raw === undefined) return undefined;
  } else {
    // Isolated (child process, time limit) unless the caller loads in-process (e.g. a sandbox).
    const loaded = options.workflows
      ? await options.workflows.load(source, version, options.fresh)
      : await loadTsWorkflow(source, loader, version, options.fresh);
    if (!loaded.ok) {
      out.push(diagnostic({ code: loaded.code, message: loaded.message, hint: loaded.hint, file: source.relFile, pos: loaded.pos, workflow: source.nameHint }));
      return undefined;
    }
    raw = loaded.ir;
    locator = tsLocator(source.file, text, raw);
  }
  const report = reporter(out, source, locator, nameOf(raw));
  const ir = validateSchema(raw, report);
  if (!ir) return undefined;
  const unit: WorkflowUnit = source.kind === 'ts' ? { source, locator, ir, raw } : { source, locator, ir };
  const unique = checkDuplicateSteps(ir, report, locator);
  checkPlugins(ir, catalog, report);
  // With duplicate ids the step graph is ambiguous: references and cycles are checked once fixed.
  if (unique) checkReferences(ir, report, catalog);
  checkSecrets(ir, report, catalog);
  checkOperatorControls(ir, report);
  checkWarnings(ir, report, { maxSteps: options.maxSteps });
  recordStepSecrets(ir);
  return unit;
}

function nameOf(raw: unknown): string | undefined {
  const name = raw && typeof raw === 'object' ? (raw as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : undefined;
}

function checkVersion(source: WorkflowSource, out: Diagnostic[]): string {
  if (typeof source.version === 'string' && valid(source.version) === source.version) return source.version;
  out.push(
    diagnostic({
      code: 'FLOW_SCHEMA_INVALID',
      message: source.packageJson
        ? `package.json version ${JSON.stringify(source.version ?? null)} is not a semantic version`
        : `workflow has no package.json (the version comes from its "version" field)`,
      hint: source.packageJson ? 'set "version": "1.0.0" in package.json' : 'add a package.json with "name" and "version": "1.0.0"',
      file: source.packageJson ? source.relPackageJson : source.relFile,
      pos: jsonKeyPosition(source.packageJsonText, 'version'),
      workflow: source.nameHint,
    }),
  );
  return '0.0.0';
}
