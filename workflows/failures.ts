import { ActivityFailure, ApplicationFailure, isCancellation } from '@temporalio/workflow';

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

export { isCancellation };
