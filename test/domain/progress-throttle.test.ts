import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideProgress, progressUpdateBound, type ProgressSent } from '../../domain/progress-throttle';

interface Change {
  at: number;
  status: string;
  fingerprint: string;
  pendingAnnotations?: number;
}

/**
 * Plays the follower's loop (activities/follow-argo-workflow.ts) on simulated time: each change of the Argo
 * Workflow is offered to decideProgress; `wait` re-offers the same change after `ms` unless a newer change
 * arrives first (LatestValue.setLater); `send` is a check-run update. Returns the updates' times and contents.
 */
function simulate(changes: readonly Change[], intervalMs: number): Array<Change & { sentAt: number }> {
  const sent: ProgressSent = {};
  const updates: Array<Change & { sentAt: number }> = [];
  let retry: { at: number; change: Change } | undefined;
  const offer = (change: Change, now: number): void => {
    const candidate = { pendingAnnotations: 0, ...change };
    const decision = decideProgress(sent, candidate, now, intervalMs);
    retry = decision.kind === 'wait' ? { at: now + decision.ms, change } : undefined;
    if (decision.kind !== 'send') return;
    updates.push({ ...change, sentAt: now });
    Object.assign(sent, { status: change.status, fingerprint: change.fingerprint, lastPushAt: now });
  };
  for (const change of changes) {
    while (retry && retry.at <= change.at) offer(retry.change, retry.at);
    offer(change, change.at);
  }
  while (retry) offer(retry.change, retry.at);
  return updates;
}

describe('progress updates of a followed run', () => {
  it('a workflow Running for 10 minutes with nodes changing every second makes at most ⌊T/interval⌋ + 1 + status changes updates', () => {
    const intervalMs = 5000; // KUBECI_PROGRESS_INTERVAL default
    const tenMinutes = 10 * 60 * 1000;
    const changes: Change[] = [{ at: 0, status: 'queued', fingerprint: 'pending' }];
    for (let t = 1000; t <= tenMinutes; t += 1000)
      changes.push({ at: t, status: 'in_progress', fingerprint: `${t / 1000}/600 nodes` });
    const updates = simulate(changes, intervalMs);

    const bound = progressUpdateBound(tenMinutes, intervalMs, 2); // (none) → queued → in_progress
    expect(bound).toBe(123);
    expect(updates.length).toBeLessThanOrEqual(bound);
    // coalesced, not dropped: an update every interval, and the last state reaches the check run
    expect(updates.length).toBeGreaterThanOrEqual(tenMinutes / intervalMs);
    expect(updates.at(-1)!.fingerprint).toBe('600/600 nodes');
    expect(updates.map((u) => u.status).slice(0, 2)).toEqual(['queued', 'in_progress']);
    for (let i = 2; i < updates.length; i++)
      expect(updates[i]!.sentAt - updates[i - 1]!.sentAt).toBeGreaterThanOrEqual(intervalMs);
  });

  it('a status change goes out at once, an unchanged update never, waiting annotations at the next slot', () => {
    const sent: ProgressSent = { status: 'in_progress', fingerprint: 'a', lastPushAt: 10_000 };
    const change = { status: 'in_progress', fingerprint: 'a', pendingAnnotations: 0 };
    expect(decideProgress(sent, { ...change, status: 'completed' }, 10_001, 5000)).toEqual({ kind: 'send' });
    expect(decideProgress(sent, change, 99_999, 5000)).toEqual({ kind: 'skip' });
    expect(decideProgress(sent, { ...change, pendingAnnotations: 3 }, 12_000, 5000)).toEqual({
      kind: 'wait',
      ms: 3000,
    });
    expect(decideProgress(sent, { ...change, pendingAnnotations: 3 }, 15_000, 5000)).toEqual({ kind: 'send' });
    expect(decideProgress(sent, { ...change, fingerprint: 'b' }, 9_000, 5000)).toEqual({ kind: 'wait', ms: 5000 });
    expect(decideProgress({}, change, 0, 5000)).toEqual({ kind: 'send' });
  });

  it('holds the bound for any sequence of changes (fast-check), and always delivers the last one', () => {
    const changeArb = fc.record({
      gap: fc.integer({ min: 0, max: 3000 }),
      status: fc.constantFrom('queued', 'in_progress'),
      fingerprint: fc.integer({ min: 0, max: 5 }).map(String),
    });
    fc.assert(
      fc.property(
        fc.array(changeArb, { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 4000 }),
        (raw, interval) => {
          let at = 0;
          const changes = raw.map(({ gap, status, fingerprint }) => ({ at: (at += gap), status, fingerprint }));
          const updates = simulate(changes, interval);
          const statusChanges = updates.filter((u, i) => u.status !== (i === 0 ? undefined : updates[i - 1]!.status));
          const span = updates.length > 0 ? updates.at(-1)!.sentAt - updates[0]!.sentAt : 0;
          expect(updates.length).toBeLessThanOrEqual(progressUpdateBound(span, interval, statusChanges.length));
          const last = changes.at(-1)!;
          const lastSent = updates.at(-1)!;
          expect([lastSent.status, lastSent.fingerprint]).toEqual([last.status, last.fingerprint]);
        },
      ),
    );
  });
});
