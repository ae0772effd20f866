/**
 * The command registry: verb → lazily imported module. Adding a command is one line here plus
 * `src/commands/<verb>.ts` exporting `name`, `summary`, `usage` and `run(argv): Promise<number>`.
 * Modules load lazily so `flowops check` never pays for Temporal's client.
 * @module
 */

export interface CommandModule {
  name: string;
  summary: string;
  usage: string;
  /** The `--format` values of a command that prints data (the first is the default); `--json` is `--format json`. */
  formats?: readonly string[];
  /** Returns the exit code. Usage problems throw FlowError with code FLOW_USAGE (exit 2). */
  run(argv: string[]): Promise<number>;
}

export const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  new: () => import('./new'),
  check: () => import('./check'),
  compile: () => import('./compile'),
  graph: () => import('./graph'),
  'codec-server': () => import('./codec-server'),
  app: () => import('./app'),
  run: () => import('./run'),
  'dry-run': () => import('./dry-run'),
  status: () => import('./status'),
  worker: () => import('./worker'),
  workers: () => import('./workers'),
  replay: () => import('./replay'),
  dev: () => import('./dev'),
  plan: () => import('./plan'),
  publish: () => import('./publish'),
  drift: () => import('./drift'),
  versions: () => import('./versions'),
  rollback: () => import('./rollback'),
  keys: () => import('./keys'),
  gateway: () => import('./gateway'),
  runs: () => import('./runs'),
  stats: () => import('./stats'),
};
