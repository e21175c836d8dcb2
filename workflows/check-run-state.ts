/**
 * Whether the run's check run is still open, kept where the reconciler can see it after the run has closed:
 * the `CheckRunState` and `CheckRunId` search attributes (workflows/search-attributes.ts).
 *
 * Versioning: runs of shape 0.1 (run-shape.ts) record nothing here (their histories have no upsert after
 * `createCheckRun`); `tracked` is false for them, so they replay unchanged.
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';
import type { RunStatus } from './ci-run.messages';
import { CheckRunIdAttribute, CheckRunStateAttribute } from './search-attributes';

export class CheckRunState {
  constructor(
    /** false for runs of shape 0.1 */
    readonly tracked: boolean,
    private readonly status: RunStatus,
  ) {}

  /** The check run exists on GitHub: from now on the run owes it a conclusion. */
  opened(checkRunId: number): void {
    this.status.checkRunId = checkRunId;
    if (!this.tracked) return;
    upsertSearchAttributes([
      { key: CheckRunStateAttribute, value: 'open' },
      { key: CheckRunIdAttribute, value: checkRunId },
    ]);
  }

  /** GitHub took the check run's conclusion. */
  concluded(): void {
    this.status.checkRunConcluded = true;
  }

  /** Joins the final upsert: a run that ends with its check run still open stays findable as `open`. */
  finalAttributes(): SearchAttributeUpdatePair[] {
    if (!this.tracked || this.status.checkRunId === undefined) return [];
    return [{ key: CheckRunStateAttribute, value: this.status.checkRunConcluded ? 'concluded' : 'open' }];
  }
}
