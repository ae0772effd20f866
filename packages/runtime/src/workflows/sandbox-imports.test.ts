/**
 * The workflow-sandbox rule, checked: everything under `runtime/src/workflows/` (the interpreter,
 * the registry and capability system workflows) and `core/src/` runs inside Temporal's workflow
 * sandbox, so it may import only sandbox-safe modules and, relatively, only files of those folders.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..', '..', '..', '..');
/** Folders whose code runs in the workflow sandbox. */
const SANDBOX_ROOTS = [HERE, join(REPO, 'packages', 'core', 'src')];

/** Bare module specifiers allowed in the sandbox (pure JS, deterministic, no Node built-ins). */
const ALLOWED: RegExp[] = [
  /^@flowops\/core$/,
  /^@temporalio\/workflow$/,
  /^@temporalio\/common$/,
  /^zod$/,
  /^@noble\/hashes\/[\w.-]+\.js$/, // core's sha256 (pure JS)
  /^semver\/functions\/[\w.-]+\.js$/, // the registry's version order (pure JS; `process` only behind a typeof guard)
];

const isTestFile = (f: string): boolean => /\.test(-helpers)?\.ts$/.test(f);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(c|m)?[jt]s$/.test(e.name) && !isTestFile(e.name) ? [p] : [];
  });
}

const inSandbox = (file: string): boolean => SANDBOX_ROOTS.some((root) => file === root || file.startsWith(root + sep));

/** `file: specifier` for every import (static, dynamic, require, type-only) the sandbox may not use. */
function violations(file: string, text: string): string[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles
    .map((i) => i.fileName)
    .filter((spec) => !(spec.startsWith('.') ? inSandbox(resolve(dirname(file), spec)) : ALLOWED.some((re) => re.test(spec))))
    .map((spec) => `${relative(REPO, file).split(sep).join('/')}: ${spec}`);
}

describe('workflow-sandbox code imports only sandbox-safe modules', () => {
  const files = SANDBOX_ROOTS.flatMap(sourceFiles);

  test('walks the interpreter, the system workflows and core', () => {
    const rel = files.map((f) => relative(REPO, f).split(sep).join('/'));
    expect(rel).toEqual(
      expect.arrayContaining([
        'packages/runtime/src/workflows/interpreter.ts',
        'packages/runtime/src/workflows/registry/state.ts',
        'packages/runtime/src/workflows/capabilities/capabilities-workflow.ts',
        'packages/core/src/dag.ts',
      ]),
    );
  });

  test('no node:* import, no non-sandbox package, no relative import leaving the sandbox folders', () => {
    expect(files.flatMap((f) => violations(f, readFileSync(f, 'utf8')))).toEqual([]);
  });

  test('the check catches node:*, non-sandbox packages (static, dynamic, type-only) and relative escapes', () => {
    const probe = join(HERE, 'registry', 'probe.ts');
    const text = [
      "import { readFileSync } from 'node:fs';",
      "import type { Client } from '@temporalio/client';",
      "const pino = await import('pino');",
      "import { validateInput } from '../../client/validate-input';",
      "import { SYSTEM_TASK_QUEUE } from './types';",
      "import { dagOf } from '../executor';",
      "import { z } from 'zod';",
      "import { buildStepGraph } from '@flowops/core';",
      "import compare from 'semver/functions/compare.js';",
      "import semver from 'semver';",
    ].join('\n');
    expect(violations(probe, text)).toEqual([
      'packages/runtime/src/workflows/registry/probe.ts: node:fs',
      'packages/runtime/src/workflows/registry/probe.ts: @temporalio/client',
      'packages/runtime/src/workflows/registry/probe.ts: pino',
      'packages/runtime/src/workflows/registry/probe.ts: ../../client/validate-input',
      'packages/runtime/src/workflows/registry/probe.ts: semver',
    ]);
  });
});
