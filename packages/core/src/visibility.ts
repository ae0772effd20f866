/**
 * One rule for a workflow's `visibility` on each surface that applies it. Declared `private` or
 * `public` means the same everywhere; an omitted field does not: the gateway's status URL has
 * always treated it as `private` (a run's status needs a key), while `/flowops run` on a pull
 * request treats it as `public` — open to every writer, as before `visibility` existed — so that
 * workflows written before the field are not suddenly restricted to their owner team.
 * @module
 */
import type { Visibility, Workflow } from './ir';

/** Where a visibility is applied: the gateway's run status URL, or `/flowops run` from a GitHub comment. */
export type VisibilitySurface = 'status-url' | 'comment-run';

/** What an omitted `visibility` means on each surface. */
export const DEFAULT_VISIBILITY: Readonly<Record<VisibilitySurface, Visibility>> = { 'status-url': 'private', 'comment-run': 'public' };

/** The visibility that applies to `ir` on `surface`: the declared one, else the surface's default. */
export function effectiveVisibility(ir: Pick<Workflow, 'visibility'>, surface: VisibilitySurface): Visibility {
  return ir.visibility ?? DEFAULT_VISIBILITY[surface];
}
