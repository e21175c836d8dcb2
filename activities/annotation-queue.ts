/**
 * Log annotations read by the follower and not yet on GitHub, in read order, with the bookkeeping a resumed
 * attempt needs (kept in heartbeat details, counts and node ids only): which steps are fully published
 * (`logsRead`) and how much of a step half-way through went out (`partial`), so nothing is sent twice
 * except in the one window documented in follow-argo-workflow.ts.
 */
import type { CheckRunAnnotation } from './github/gateway';
import type { LogsRead, StepLog } from './step-logs';

/** GitHub takes at most 50 annotations per check-run request. */
export const ANNOTATIONS_PER_REQUEST = 50;

/** The durable part (heartbeat details). */
export interface AnnotationProgress {
  logsRead: LogsRead;
  /** a step whose first `sent` annotations are on GitHub and the rest are not */
  partial?: { nodeId: string; sent: number };
}

/** One request's worth: the annotations, and `commit` to call once GitHub has taken them. */
export interface AnnotationBatch {
  annotations: CheckRunAnnotation[];
  commit(): void;
}

export class AnnotationQueue {
  private readonly steps: StepLog[] = [];

  constructor(readonly progress: AnnotationProgress) {}

  /** Node ids read by this attempt or published by an earlier one: their logs are not read again. */
  readIds(): Set<string> {
    return new Set([...this.progress.logsRead.nodeIds, ...this.steps.map((s) => s.nodeId)]);
  }

  /**
   * How many more annotations may be read, within `cap` in all. A half-sent step of an earlier attempt that is
   * not read again yet gives back its sent ones: reading it again parses them again (and `add` drops them).
   */
  budget(cap: number): number {
    const { logsRead, partial } = this.progress;
    const rereads = partial && !this.steps.some((s) => s.nodeId === partial.nodeId) ? partial.sent : 0;
    return Math.max(0, cap - logsRead.annotations - this.pending() + rereads);
  }

  /** Queues what the logs gave; a step half-published by an earlier attempt loses what went out already. */
  add(logs: readonly StepLog[]): void {
    for (const log of logs) {
      const partial = this.progress.partial;
      const annotations =
        partial && partial.nodeId === log.nodeId ? log.annotations.slice(partial.sent) : log.annotations;
      this.steps.push({ nodeId: log.nodeId, annotations });
    }
    this.settleEmpty();
  }

  pending(): number {
    return this.steps.reduce((n, s) => n + s.annotations.length, 0);
  }

  /** The next at most 50 annotations (possibly none); nothing changes until `commit`. */
  take(): AnnotationBatch {
    const annotations: CheckRunAnnotation[] = [];
    const counts: Array<{ step: StepLog; n: number }> = [];
    for (const step of this.steps) {
      const n = Math.min(step.annotations.length, ANNOTATIONS_PER_REQUEST - annotations.length);
      if (n === 0) break;
      annotations.push(...step.annotations.slice(0, n));
      counts.push({ step, n });
    }
    return {
      annotations,
      commit: () => {
        for (const { step, n } of counts) {
          step.annotations = step.annotations.slice(n);
          this.progress.logsRead.annotations += n;
          const before = this.progress.partial?.nodeId === step.nodeId ? this.progress.partial.sent : 0;
          this.progress.partial = { nodeId: step.nodeId, sent: before + n };
        }
        this.settleEmpty();
      },
    };
  }

  /** Steps with nothing left to send are published: into `logsRead`, out of the queue. */
  private settleEmpty(): void {
    for (let i = this.steps.length - 1; i >= 0; i--) {
      const { nodeId, annotations } = this.steps[i]!;
      if (annotations.length > 0) continue;
      this.steps.splice(i, 1);
      this.progress.logsRead.nodeIds.push(nodeId);
      if (this.progress.partial?.nodeId === nodeId) delete this.progress.partial;
    }
  }
}
