/** `--format sarif`: SARIF 2.1.0, one rule per diagnostic code. @module */
import { COMPILER_ERROR_CODES, COMPILER_WARNING_CODES } from '@flowops/core';
import type { Diagnostic } from '../diagnostic';

const DESCRIPTIONS: Record<string, string> = {
  FLOW_TYPE_ERROR: 'The workflow does not type-check',
  FLOW_LOAD_ERROR: 'The workflow module could not be loaded',
  FLOW_SCHEMA_INVALID: 'The definition does not match the flowops/v1 schema',
  FLOW_DUPLICATE_NAME: 'Two workflows share a name',
  FLOW_DUPLICATE_STEP: 'Two steps share an id',
  FLOW_INVALID_STEP_ID: 'A step id is not kebab-case',
  FLOW_UNKNOWN_PLUGIN: 'A step uses a plugin or action that is not installed',
  FLOW_PLUGIN_VERSION: 'A step asks for a plugin major version that is not installed',
  FLOW_PLUGIN_INPUT: "A step's input does not match the action's input schema",
  FLOW_INVALID_REFERENCE: 'A reference is malformed or reads something unavailable',
  FLOW_CYCLE: 'Steps depend on each other in a cycle',
  FLOW_INVALID_CONDITION: 'A condition is invalid',
  FLOW_HARDCODED_SECRET: 'A secret value is written into the definition',
  FLOW_CREDENTIAL_NOT_SECRET: 'An env() value or a workflow input reaches a credential field instead of a secret',
  FLOW_MISSING_OWNER: 'The workflow has no owner',
  FLOW_UNKNOWN_WORKFLOW: 'A call step names a workflow that does not exist',
  FLOW_VERSION_NOT_BUMPED: 'The workflow changed but its version did not',
  FLOW_BREAKING_CHANGE: 'The input schema changed incompatibly without a major version bump',
  FLOW_NO_RETRY: 'A write or network step has no retry policy',
  FLOW_NO_TIMEOUT: 'An action step has no timeout',
  FLOW_UNBOUNDED_FOREACH: 'A forEach has no maxParallel',
  FLOW_TOO_MANY_STEPS: 'The workflow has too many steps',
  FLOW_POLICY_VIOLATION: 'A rule of flowops.policy.ts found a violation',
  FLOW_POLICY_NO_RULES_RAN: 'A policy set checked nothing (no rule ran)',
  FLOW_POLICY_INVALID: 'flowops.policy.ts or one of its rules is broken',
};

export function toSarif(diagnostics: Diagnostic[], toolVersion = '0.1.0'): Record<string, unknown> {
  const codes = [...COMPILER_ERROR_CODES, ...COMPILER_WARNING_CODES] as string[];
  for (const d of diagnostics) if (!codes.includes(d.code)) codes.push(d.code);
  const warnings = new Set<string>(COMPILER_WARNING_CODES);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'flowops',
            informationUri: 'https://github.com/flowops/flowops',
            version: toolVersion,
            rules: codes.map((code) => ({
              id: code,
              name: code,
              shortDescription: { text: DESCRIPTIONS[code] ?? code },
              defaultConfiguration: { level: warnings.has(code) ? 'warning' : 'error' },
            })),
          },
        },
        results: diagnostics.map((d) => ({
          ruleId: d.code,
          ruleIndex: codes.indexOf(d.code),
          level: d.severity,
          message: { text: d.hint ? `${d.message} — To fix: ${d.hint}` : d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: d.file, uriBaseId: '%SRCROOT%' },
                region: { startLine: d.line, startColumn: d.column },
              },
            },
          ],
          ...(d.workflow || d.step ? { properties: { workflow: d.workflow, step: d.step } } : {}),
        })),
      },
    ],
  };
}

export function formatSarif(diagnostics: Diagnostic[]): string {
  return `${JSON.stringify(toSarif(diagnostics), null, 2)}\n`;
}
