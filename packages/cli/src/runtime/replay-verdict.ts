/**
 * `flowops dry-run --changed --report <pr> --replay <file>`: read the replay verdict CI produced
 * (the corpus gate and `flowops replay --format json` of a cluster) for the report. The App never
 * runs pull-request code, so this file is the only way a replay verdict reaches the PR.
 * @module
 */
import { readFileSync } from 'node:fs';
import { FlowError } from '@flowops/core';
import { type ReplayVerdict, replayVerdictFromFile } from '@flowops/github-app';

const SHAPE = '{"corpus": {"passed": true, "failed": 0}, "cluster": <what `flowops replay --env staging --format json` printed>}';

/** The verdict in `file`; throws FlowError FLOW_REPLAY_VERDICT_INVALID naming what is wrong. */
export function readReplayVerdict(file: string): ReplayVerdict {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new FlowError({
      code: 'FLOW_REPLAY_VERDICT_INVALID',
      message: `--replay ${file} is not readable JSON (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`,
      hint: `write the replay verdict as ${SHAPE}`,
    });
  }
  const parsed = replayVerdictFromFile(raw);
  if (!parsed.ok) {
    throw new FlowError({
      code: 'FLOW_REPLAY_VERDICT_INVALID',
      message: `--replay ${file} is not a replay verdict: ${parsed.issues.slice(0, 5).join('; ')}`,
      hint: `write it as ${SHAPE}`,
    });
  }
  return parsed.verdict;
}
