/**
 * When a followed run's check run gets a progress update (SPEC B 11.4 sends one on every Argo event; this
 * coalesces them). Pure, so the bound is tested without time (test/domain/progress-throttle.test.ts).
 *
 * The bound: over any `T` ms a check run gets at most `⌊T / intervalMs⌋ + 1` updates whose status did not
 * change, plus one per status change (`queued` → `in_progress` …). Log annotations ride on these updates,
 * 50 at a time, so they add none, except the ones still waiting when the workflow ends, which go out at once
 * in at most `⌈KUBECI_MAX_ANNOTATIONS / 50⌉` more updates before `finishCheckRun` writes the conclusion.
 */

/** What was last sent, kept across attempts (heartbeat details); `lastPushAt` is the sender's clock in ms. */
export interface ProgressSent {
  status?: string;
  fingerprint?: string;
  lastPushAt?: number;
}

/** The update that would be sent now. */
export interface ProgressCandidate {
  status: string;
  /** the update's visible content (summary, text); equal fingerprints are the same update */
  fingerprint: string;
  /** log annotations read and not yet published */
  pendingAnnotations: number;
}

/** Send now, wait `ms` and ask again (a newer change may replace this one meanwhile), or nothing to send. */
export type ProgressDecision = { kind: 'send' } | { kind: 'wait'; ms: number } | { kind: 'skip' };

/**
 * A status change goes out at once; an unchanged update with no annotations waiting is skipped; anything
 * else goes out when `intervalMs` has passed since the last update, and waits for that moment otherwise.
 */
export function decideProgress(
  sent: ProgressSent,
  candidate: ProgressCandidate,
  nowMs: number,
  intervalMs: number,
): ProgressDecision {
  if (candidate.status !== sent.status) return { kind: 'send' };
  if (candidate.fingerprint === sent.fingerprint && candidate.pendingAnnotations === 0) return { kind: 'skip' };
  const elapsed = sent.lastPushAt === undefined ? Infinity : nowMs - sent.lastPushAt;
  // a clock that went backwards (another worker resumed the run) counts as "just sent"
  if (elapsed >= intervalMs) return { kind: 'send' };
  return { kind: 'wait', ms: intervalMs - Math.max(0, elapsed) };
}

/** The most updates {@link decideProgress} allows in `durationMs` with `statusChanges` status changes. */
export function progressUpdateBound(durationMs: number, intervalMs: number, statusChanges: number): number {
  return Math.floor(durationMs / intervalMs) + 1 + statusChanges;
}
