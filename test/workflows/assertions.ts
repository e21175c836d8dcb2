import { ActivityFailure, ApplicationFailure, CancelledFailure, WorkflowFailedError } from '@temporalio/client';
import { expect } from 'vitest';
import { OutcomeAttribute } from '../../workflows/search-attributes';
import type { FakeActivities } from './fake-activities';
import type { CiRunHandle } from './harness';

/** Status name (COMPLETED, FAILED, CANCELLED, …) and the `Outcome` search attribute, as the Web UI shows them. */
export async function describeRun(handle: CiRunHandle): Promise<{ status: string; outcome: string | undefined }> {
  const description = await handle.describe();
  return { status: description.status.name, outcome: description.typedSearchAttributes.get(OutcomeAttribute) };
}

/** The error `handle.result()` rejects with; fails the test if the run completed. */
export async function resultError(handle: CiRunHandle): Promise<WorkflowFailedError> {
  const error = await handle.result().then(
    (result) => new Error(`expected the run to fail, it completed with ${JSON.stringify(result)}`),
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(WorkflowFailedError);
  return error as WorkflowFailedError;
}

export async function expectCancelled(handle: CiRunHandle): Promise<void> {
  const error = await resultError(handle);
  expect(error.cause).toBeInstanceOf(CancelledFailure);
}

/** The run failed because an activity failed with an ApplicationFailure of `type`. */
export async function expectFailedByActivity(handle: CiRunHandle, type: string): Promise<ApplicationFailure> {
  const error = await resultError(handle);
  // an activity's failure comes wrapped in an ActivityFailure; a local activity's (run shape 0.5) as it was thrown
  const cause = error.cause instanceof ActivityFailure ? error.cause.cause : error.cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect((cause as ApplicationFailure).type).toBe(type);
  return cause as ApplicationFailure;
}

/** Polls `probe` until it returns true (fake activities run on the worker, tests observe them from outside). */
export async function eventually(probe: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The activities a shape 0.6 run called, in order, apart from cancelSupersededRuns, which it also called: 0.6
 * supersedes alongside the check-run create and the submit, so its place among them is not fixed.
 */
export function expectCalledBesideSupersede(fake: FakeActivities, names: string[]): void {
  expect(fake.names()).toContain('cancelSupersededRuns');
  expect(fake.names().filter((n) => n !== 'cancelSupersededRuns')).toEqual(names);
}
