/**
 * Holds only the newest value: a burst of watch events collapses into one check-run update.
 * `next` resolves with the newest unseen value, or undefined when `waitMs` passes first.
 * (Moved out of follow-argo-workflow.ts unchanged, so that file stays about following.)
 */
export class LatestValue<T> {
  private value: { v: T } | undefined;
  private seen = false;
  private generation = 0;
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  has(): boolean {
    return this.value !== undefined;
  }

  /** Changes with every `set`: a read that started before a newer value arrived must not replace it. */
  version(): number {
    return this.generation;
  }

  set(v: T): void {
    this.value = { v };
    this.seen = false;
    this.generation += 1;
    this.wake?.();
  }

  /** Re-offers `v` after `delayMs` unless a newer value arrives first (a throttled update). */
  setLater(v: T, delayMs: number): void {
    clearTimeout(this.timer);
    const generation = this.generation;
    this.timer = setTimeout(() => {
      if (this.generation === generation) this.set(v);
    }, delayMs);
  }

  async next(waitMs: number, signal: AbortSignal): Promise<T | undefined> {
    if (this.value && !this.seen) {
      this.seen = true;
      return this.value.v;
    }
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      const t = setTimeout(done, waitMs);
      signal.addEventListener('abort', done);
      this.wake = done;
    });
    if (this.value && !this.seen) {
      this.seen = true;
      return this.value.v;
    }
    return undefined;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.wake?.();
  }
}
