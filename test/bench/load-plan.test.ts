import { describe, expect, it } from 'vitest';
import { redeliveryPlan } from '../../bench/load-deliveries';
import { ackFigures, answerSplit, judgeTargets, type RateResult } from '../../bench/load-results';

describe('redeliveryPlan', () => {
  it('repeats the given share of slots, each an earlier new delivery, never the first', () => {
    const plan = redeliveryPlan(1000, 0.2);
    expect(plan).toHaveLength(1000);
    expect(plan[0]).toBe(-1);
    expect(plan.filter((p) => p >= 0)).toHaveLength(200);
    plan.forEach((original, slot) => {
      if (original < 0) return;
      expect(original).toBeLessThan(slot);
      expect(plan[original]).toBe(-1);
    });
    expect(new Set(plan.filter((p) => p >= 0)).size).toBeGreaterThan(150);
  });

  it('is repeatable and refuses a share outside [0, 1)', () => {
    expect(redeliveryPlan(50, 0.2)).toEqual(redeliveryPlan(50, 0.2));
    expect(redeliveryPlan(10, 0)).toEqual(Array.from({ length: 10 }, () => -1));
    expect(() => redeliveryPlan(10, 1)).toThrow(/share/);
  });
});

describe('load results', () => {
  const samples = Array.from({ length: 100 }, (_, i) => ({
    ackMs: i + 1,
    lagMs: i === 7 ? 3 : 0,
    status: i < 98 ? '202' : '503',
    body: JSON.stringify({ workflowId: `w${i}`, started: i % 5 !== 4 }),
  }));

  it('takes nearest-rank percentiles from the scheduled time and counts statuses', () => {
    expect(ackFigures(samples)).toEqual({
      sent: 100,
      p50: 50,
      p95: 95,
      p99: 99,
      max: 100,
      maxSendLagMs: 3,
      statuses: { '202': 98, '503': 2 },
    });
    expect(answerSplit(samples)).toEqual({ started: 79, existing: 19 });
  });

  it('does not pass the p99 target when more than 1% went unanswered (the real p99 is above the timeout)', () => {
    const runs = { uniqueDeliveries: 0 } as RateResult['kubeCi']['runs'];
    const kubeCi = {
      ...ackFigures(samples),
      statuses: { '202': 98, timeout: 2 },
      redeliveries: 0,
      answeredStarted: 0,
      answeredExisting: 0,
      runs,
    };
    const bareStart = { ...ackFigures(samples), p99: 5000 };
    const rate: RateResult = { rate: 100, seconds: 1, hmacServer: bareStart, bareStart, kubeCi };
    expect(judgeTargets(rate)[1]).toMatchObject({ pass: false, detail: expect.stringMatching(/2 unanswered/) });
    const oneTimeout = { ...rate, kubeCi: { ...kubeCi, statuses: { '202': 99, timeout: 1 } } };
    expect(judgeTargets(oneTimeout)[1]!.pass).toBe(true);
  });

  it('judges the targets at a rate: a 503, a slow p99 or a lost run is a MISS', () => {
    const runs = {
      uniqueDeliveries: 80,
      runsStarted: 79,
      exactlyOne: 79,
      missing: 1,
      duplicated: 0,
      succeeded: 79,
      argoWorkflows: 79,
      drainMs: 1,
      drainTimedOut: false,
    };
    const kubeCi = { ...ackFigures(samples), redeliveries: 20, answeredStarted: 79, answeredExisting: 19, runs };
    const rate: RateResult = {
      rate: 100,
      seconds: 1,
      hmacServer: ackFigures(samples),
      bareStart: { ...ackFigures(samples), p99: 33 },
      kubeCi,
    };
    expect(judgeTargets(rate).map((t) => [t.name, t.pass])).toEqual([
      ['zero 503 at 100/s', false],
      ['ack p99 ≤ 3× bare-start p99 at 100/s', true],
      ['exactly one run per unique delivery at 100/s', false],
      ['every run executed to success at 100/s', false],
    ]);
    const healthy = {
      ...kubeCi,
      statuses: { '202': 100 },
      runs: { ...runs, exactlyOne: 80, missing: 0, succeeded: 80, argoWorkflows: 80 },
    };
    expect(
      judgeTargets({ ...rate, kubeCi: healthy, bareStart: { ...rate.bareStart, p99: 32 } }).map((t) => t.pass),
    ).toEqual([true, false, true, true]);
  });
});
