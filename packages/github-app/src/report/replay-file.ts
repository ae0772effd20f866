/**
 * The file CI passes to `flowops dry-run --changed --report <pr> --replay <file>`: the corpus
 * gate's verdict next to what `flowops replay --format json` printed for a cluster, turned into
 * the report's `ReplayVerdict`. Pure; the CLI reads the file, the App only sees the verdict.
 * @module
 */
import { z } from 'zod';
import { ReplayVerdict } from './types';

/** One row of `flowops replay --format json` (the CLI's `ReplayRow`). */
const ReplayRowJson = z.object({
  workflow: z.string(),
  replayed: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
  firstFailure: z.object({ workflowId: z.string(), runId: z.string().optional(), message: z.string() }).optional(),
});

/**
 * The `--replay` file: `corpus` is the replay gate's verdict (`npm run test:replay`), `cluster`
 * exactly what `flowops replay --env <env> --format json` printed, or `{ env, error }` when it
 * could not run. Either may be absent.
 */
export const ReplayFile = z
  .object({
    corpus: z.object({ passed: z.boolean(), failed: z.number().int().nonnegative().optional(), firstFailure: z.string().optional() }).strict().optional(),
    cluster: z
      .object({
        env: z.string().min(1),
        replayed: z.number().int().nonnegative().optional(),
        failures: z.number().int().nonnegative().optional(),
        workflows: z.array(ReplayRowJson).optional(),
        error: z.string().optional(),
      })
      .optional(),
  })
  .strict();
export type ReplayFile = z.infer<typeof ReplayFile>;

const clip = (s: string, n = 500): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Parse a `--replay` file's JSON into the report's verdict; `issues` name each refused field. */
export function replayVerdictFromFile(raw: unknown): { ok: true; verdict: ReplayVerdict } | { ok: false; issues: string[] } {
  const parsed = ReplayFile.safeParse(raw);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
  const { corpus, cluster } = parsed.data;
  if (!corpus && !cluster) return { ok: false, issues: ['(root): neither "corpus" nor "cluster" is given'] };
  const first = cluster?.workflows?.find((w) => w.firstFailure);
  const failed = cluster ? (cluster.failures ?? (cluster.workflows ?? []).reduce((n, w) => n + w.failures, 0)) : 0;
  const verdict = ReplayVerdict.parse({
    ...(corpus
      ? {
          corpus: {
            passed: corpus.passed,
            failed: corpus.failed ?? (corpus.passed ? 0 : 1),
            ...(corpus.firstFailure ? { firstFailure: clip(corpus.firstFailure) } : {}),
          },
        }
      : {}),
    ...(cluster
      ? {
          cluster: {
            env: cluster.env,
            replayed: cluster.replayed ?? (cluster.workflows ?? []).reduce((n, w) => n + w.replayed, 0),
            failed,
            ...(first?.firstFailure
              ? {
                  firstFailure: {
                    workflow: first.workflow,
                    workflowId: first.firstFailure.workflowId,
                    ...(first.firstFailure.runId ? { runId: first.firstFailure.runId } : {}),
                    message: clip(first.firstFailure.message),
                  },
                }
              : {}),
            ...(cluster.error ? { error: clip(cluster.error) } : {}),
          },
        }
      : {}),
  });
  return { ok: true, verdict };
}

/** Whether the verdict fails the check: the corpus does not replay, or a cluster history does not. */
export function replayFailed(v: ReplayVerdict | undefined): boolean {
  return !!v && (v.corpus?.passed === false || (v.cluster?.failed ?? 0) > 0);
}
