/**
 * The registry system workflow: one per flowops workflow name. Mutations are updates whose
 * validators enforce the rules (immutability, semver) before anything enters history; reads are
 * queries; a compact index lives in the memo so plan can read it without a worker. History stays
 * bounded by continue-as-new, carrying the state.
 * @module
 */
import { ApplicationFailure, allHandlersFinished, condition, setHandler, upsertMemo, workflowInfo } from '@temporalio/workflow';
import { continueOn, moveHandler } from '../system-queue';
import { type Refusal, applyActivate, applyDeactivate, applyPublish, checkActivate, checkPublish, indexOf, initialState, summaryOf } from './state';
import { type ChangeResult, type RegistryArgs, activateUpdate, deactivateUpdate, definitionQuery, publishUpdate, summaryQuery } from './types';

function refuse(refusal: Refusal | undefined): void {
  if (refusal) throw ApplicationFailure.create({ type: refusal.code, message: refusal.message, nonRetryable: true });
}

export async function flowopsRegistry(args: RegistryArgs): Promise<void> {
  const state = args.state ?? initialState(args.name);
  const maxChanges = args.maxChanges ?? 200;
  let changes = 0;
  const now = (): string => new Date(Date.now()).toISOString();
  const done = (result: ChangeResult): ChangeResult => {
    if (result.changed) {
      changes += 1;
      upsertMemo({ flowops: result.index });
    }
    return result;
  };
  upsertMemo({ flowops: indexOf(state) });
  const moveTo = moveHandler();

  setHandler(
    publishUpdate,
    (cmd) => {
      refuse(checkPublish(state, cmd));
      return done(applyPublish(state, cmd, now()));
    },
    { validator: (cmd) => refuse(checkPublish(state, cmd)) },
  );
  setHandler(
    activateUpdate,
    (cmd) => {
      refuse(checkActivate(state, cmd));
      return done(applyActivate(state, cmd, now()));
    },
    { validator: (cmd) => refuse(checkActivate(state, cmd)) },
  );
  setHandler(deactivateUpdate, (cmd) => done(applyDeactivate(state, cmd, now())));
  setHandler(summaryQuery, () => summaryOf(state));
  setHandler(definitionQuery, (version) => {
    const v = version ?? state.active;
    return v === null ? null : (state.definitions[v] ?? null);
  });

  await condition(() => changes >= maxChanges || workflowInfo().continueAsNewSuggested || moveTo() !== undefined);
  await condition(allHandlersFinished);
  await continueOn<typeof flowopsRegistry>(moveTo())({ name: args.name, state: { ...state, generation: state.generation + 1 }, maxChanges });
}
