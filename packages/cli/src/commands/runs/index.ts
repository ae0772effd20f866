/**
 * `flowops runs` subcommands: name → lazily imported module (`src/commands/runs/<name>.ts`
 * exporting `name`, `summary`, `usage`, `run`). Adding one is a new file and one line here.
 * @module
 */
import type { RunsSubcommand } from './common';

export const RUNS_SUBCOMMANDS: Record<string, () => Promise<RunsSubcommand>> = {
  list: () => import('./list'),
  show: () => import('./show'),
  cancel: () => import('./cancel'),
  retry: () => import('./retry'),
  redrive: () => import('./redrive'),
  delete: () => import('./delete'),
  retention: () => import('./retention'),
  skip: () => import('./skip'),
};
