import type { EvaluateRequest, EvaluateResult, PoolEvent, StarlarkPool } from './types';
import { StarlarkWorker, type WorkerOptions } from './worker-handle';
import { FileSizeError, checkSize } from './host-calls';
import { failure } from './engine-request';

export interface WorkerPoolConfig {
  size: number;
  queueTimeoutMs: number;
  worker: WorkerOptions;
  onEvent?: (event: PoolEvent) => void;
}

interface QueuedJob {
  request: EvaluateRequest;
  resolve: (result: EvaluateResult) => void;
  timer: NodeJS.Timeout;
}

/** Delay before the next start after `failures` consecutive failed starts: 100 ms doubling, at most 10 s. */
export function respawnDelayMs(failures: number): number {
  return failures === 0 ? 0 : Math.min(10_000, 100 * 2 ** (failures - 1));
}

/**
 * Keeps `size` workers and hands each queued evaluation to the next idle one. Every evaluation ends:
 * a worker that dies is replaced (after a backoff while starts keep failing); a job that no worker takes
 * within `queueTimeoutMs`, or that is waiting when no worker is alive and the last start failed, ends as
 * `unavailable`, which callers treat as transient.
 */
export class WorkerPool implements StarlarkPool {
  private readonly workers = new Set<StarlarkWorker>(); // booting or booted, not retired
  private readonly idle: StarlarkWorker[] = [];
  private readonly queue: QueuedJob[] = [];
  private closed = false;
  private startFailures = 0; // consecutive
  private lastStartError = '';
  private respawnTimer: NodeJS.Timeout | undefined;

  constructor(private readonly config: WorkerPoolConfig) {}

  /** Starts every worker; any that fails to boot fails the pool's creation (a broken build or setup). */
  async start(): Promise<void> {
    const started = Array.from({ length: this.config.size }, () => this.spawn());
    const failed = (await Promise.allSettled(started)).find((s) => s.status === 'rejected');
    if (failed) {
      await this.close();
      throw failed.reason;
    }
  }

  evaluate(request: EvaluateRequest): Promise<EvaluateResult> {
    if (this.closed) return Promise.resolve(failure('unavailable', 'the Starlark pool is closed', request.filename));
    try {
      checkSize(request, request.filename, request.source);
    } catch (error) {
      if (error instanceof FileSizeError) return Promise.resolve(failure('file-size', error.message, request.filename));
      throw error;
    }
    if (this.noWorkerCanBeHad()) return Promise.resolve(this.unavailable(request));
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.expire(job), this.config.queueTimeoutMs);
      const job: QueuedJob = { request, resolve, timer };
      this.queue.push(job);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.respawnTimer);
    for (const job of this.queue.splice(0))
      this.settle(job, failure('unavailable', 'the Starlark pool was closed', job.request.filename));
    await Promise.all([...this.workers].map((worker) => worker.terminate()));
    this.workers.clear();
  }

  private spawn(): Promise<void> {
    let worker: StarlarkWorker;
    try {
      worker = new StarlarkWorker({
        ...this.config.worker,
        onIdle: (w) => this.markIdle(w),
        onRetired: (w, why) => this.retired(w, why),
      });
    } catch (error) {
      this.startFailed(error);
      return Promise.reject(error);
    }
    this.workers.add(worker);
    return worker.ready.then(
      () => {
        this.startFailures = 0;
        this.config.onEvent?.({ type: 'worker-started', threadId: worker.threadId, worker: worker.thread });
        this.markIdle(worker);
      },
      (error: unknown) => {
        this.workers.delete(worker);
        this.startFailed(error);
        throw error;
      },
    );
  }

  private startFailed(error: unknown): void {
    this.startFailures++;
    this.lastStartError = error instanceof Error ? error.message : String(error);
    const retryInMs = respawnDelayMs(this.startFailures);
    this.config.onEvent?.({
      type: 'spawn-failed',
      error: this.lastStartError,
      consecutiveFailures: this.startFailures,
      retryInMs,
    });
    // Waiting jobs would otherwise wait out the backoff with nothing to run them.
    if (this.noWorkerCanBeHad())
      for (const job of this.queue.splice(0)) this.settle(job, this.unavailable(job.request));
    this.replenish();
  }

  private retired(worker: StarlarkWorker, reason: string): void {
    this.workers.delete(worker);
    const index = this.idle.indexOf(worker);
    if (index >= 0) this.idle.splice(index, 1);
    this.config.onEvent?.({ type: 'worker-retired', threadId: worker.threadId, reason });
    this.replenish();
  }

  /** Starts workers up to `size`: at once, or after the backoff while starts keep failing. */
  private replenish(): void {
    if (this.closed || this.respawnTimer) return;
    const fill = (): void => {
      this.respawnTimer = undefined;
      while (!this.closed && !this.respawnTimer && this.workers.size < this.config.size) this.spawn().catch(() => {}); // handled in startFailed
    };
    const delay = respawnDelayMs(this.startFailures);
    if (delay === 0) fill();
    else this.respawnTimer = setTimeout(fill, delay);
  }

  private noWorkerCanBeHad(): boolean {
    return this.workers.size === 0 && this.startFailures > 0;
  }

  private unavailable(request: EvaluateRequest): EvaluateResult {
    const message = `no Starlark worker can be started (${this.startFailures} attempts failed, last: ${this.lastStartError}); the pool keeps retrying`;
    return failure('unavailable', message, request.filename);
  }

  private expire(job: QueuedJob): void {
    const index = this.queue.indexOf(job);
    if (index < 0) return;
    this.queue.splice(index, 1);
    const message = `no Starlark worker was free within ${this.config.queueTimeoutMs} ms (${this.workers.size} of ${this.config.size} workers alive)`;
    this.settle(job, failure('unavailable', message, job.request.filename));
  }

  private settle(job: QueuedJob, result: EvaluateResult): void {
    clearTimeout(job.timer);
    job.resolve(result);
  }

  private markIdle(worker: StarlarkWorker): void {
    if (!this.workers.has(worker) || this.closed) return;
    this.idle.push(worker);
    this.dispatch();
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.shift()!;
      const job = this.queue.shift()!;
      clearTimeout(job.timer);
      void worker.evaluate(job.request).then(job.resolve);
    }
  }
}
