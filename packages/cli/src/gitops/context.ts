/**
 * Shared plumbing of the GitOps commands: resolve `--env`, open a session, always close it.
 * @module
 */
import { loadEnvironment } from '../config';
import { type GitopsSession, openSession } from '@flowops/gitops';

/** `--env`, else $FLOWOPS_ENV, else `local`. */
export function envName(value: string | undefined): string {
  return value ?? process.env.FLOWOPS_ENV ?? 'local';
}

export async function withSession<T>(env: string, root: string, fn: (session: GitopsSession) => Promise<T>): Promise<T> {
  const resolved = await loadEnvironment(env, root);
  const session = await openSession(resolved);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}
