/**
 * The run's decision, made where the pipeline is loaded (run shape 0.6): `loadPipeline` with `decide: true`
 * returns it with the pipeline, so a later release whose rules decide differently cannot make a run that is in
 * flight replay differently (the decision is in history, as the activity's result, not recomputed in the sandbox).
 * The same rules as workflows/decide-run.ts for shapes 0.4/0.5, which keep deciding in the workflow.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { AuthorisationResult } from '../domain/authorisation';
import { Failure } from '../domain/failures';
import { decideRun, type DecideRunInput, type RunDecision } from '../domain/run-decision';
import type { CiTrigger } from '../domain/types';
import type { LoadPipelineResult } from './load-pipeline';

type Found = Extract<LoadPipelineResult, { kind: 'found' }>;

/**
 * The decision as history carries it: a `run` without its workflow, which is the result's `workflow` (the
 * pipeline with the entrypoint applied) so that the pipeline is in history once.
 */
export type LoadedDecision =
  | Exclude<RunDecision, { kind: 'run' }>
  | (Omit<Extract<RunDecision, { kind: 'run' }>, 'workflow'> & {
      /** the pipeline's own `spec.entrypoint`, before the trigger's entrypoint was applied (supersede groups) */
      pipelineEntrypoint?: string;
    });

/** Asks whether `login` may bypass the branch, draft and fork rules (activities/commands/check-authorised.ts). */
export type AskAuthorised = (input: { trigger: CiTrigger; login: string }) => Promise<AuthorisationResult>;

/**
 * Decides a found pipeline (domain/run-decision.ts). A press on GitHub that the branch, draft or fork rules refuse
 * asks `askAuthorised` once and is decided again with the answer; an ordinary run makes no request. A `run`
 * decision's workflow replaces the result's `workflow`. A pipeline the rules cannot take (a bug: it passed the
 * shape check) is a non-retryable `InternalError`: the decision is a pure function of it, a retry decides the same.
 */
export async function decideLoaded(found: Found, trigger: CiTrigger, askAuthorised: AskAuthorised): Promise<Found> {
  const input = { trigger, workflow: found.workflow, settings: found.settings };
  let decision = decided(input);
  if (decision.kind === 'skip' && decision.askAuthorisation) {
    const asked = await askAuthorised({ trigger, login: trigger.sender });
    const second = decided({ ...input, authorised: asked.authorised });
    decision = second.kind === 'skip' ? { kind: 'skip', reason: `${second.reason} (${asked.reason})` } : second;
  }
  if (decision.kind !== 'run') return { ...found, decision };
  const { workflow, ...run } = decision;
  const own = found.workflow.spec.entrypoint;
  return { ...found, workflow, decision: { ...run, ...(own !== undefined ? { pipelineEntrypoint: own } : {}) } };
}

function decided(input: DecideRunInput): RunDecision {
  try {
    return decideRun(input);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw ApplicationFailure.nonRetryable(`kube-ci internal error deciding the run: ${message}`, Failure.InternalError);
  }
}
