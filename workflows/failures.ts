import { ActivityFailure, ApplicationFailure, isCancellation, log, TemporalFailure } from '@temporalio/workflow';
import { Failure } from '../domain/failures';

/** The `type` of an ApplicationFailure thrown by an activity, read across the serialisation boundary. */
export function failureType(err: unknown): string | undefined {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) return err.cause.type ?? undefined;
  if (err instanceof ApplicationFailure) return err.type ?? undefined;
  return undefined;
}

/** A message for the check run: the innermost cause says what actually went wrong. */
export function failureMessage(err: unknown): string {
  let current: unknown = err;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

/**
 * A plain Error here is a bug of kube-ci's own workflow code meeting an input it did not expect. Thrown as
 * it is, it would fail the workflow task, and Temporal would retry that task forever; as an
 * ApplicationFailure it fails the run, whose check run run-on-argo.ts has already concluded.
 */
export function asRunFailure(err: unknown): unknown {
  if (err instanceof TemporalFailure) return err;
  log.error('ci run failed on an internal error', { message: failureMessage(err) });
  return ApplicationFailure.nonRetryable(`kube-ci internal error: ${failureMessage(err)}`, Failure.InternalError);
}

export { isCancellation };
