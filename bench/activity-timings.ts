import type { Client } from '@temporalio/client';
import type proto from '@temporalio/proto';
import { runPool, summarize } from './stats';

type History = proto.temporal.api.history.v1.IHistory;
type Timestamp = proto.google.protobuf.ITimestamp | null | undefined;

export interface StepTiming {
  /** an activity type, or `workflow tasks` for the sum of a run's workflow tasks (scheduled → completed) */
  step: string;
  /** median over the runs of: scheduled → picked up by a worker (activities only) */
  scheduleToStartMs?: number;
  /** median over the runs of: picked up → completed (for workflow tasks: scheduled → completed, summed) */
  runMs: number;
}

/** Server timestamps in ms; Long seconds convert through their decimal string. */
const msOf = (t: Timestamp) => Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;

/** Per-step durations of one run, read from the server's event times. */
function stepsOf(history: History): Map<string, { scheduleToStart?: number; run: number }> {
  const events = history.events ?? [];
  const byId = new Map(events.map((e) => [Number(e.eventId), e]));
  const steps = new Map<string, { scheduleToStart?: number; run: number }>();
  const add = (step: string, run: number, scheduleToStart?: number) => {
    const prior = steps.get(step);
    const total = (prior?.scheduleToStart ?? 0) + (scheduleToStart ?? 0);
    steps.set(step, {
      run: (prior?.run ?? 0) + run,
      ...(scheduleToStart === undefined ? {} : { scheduleToStart: total }),
    });
  };
  for (const event of events) {
    const done = event.activityTaskCompletedEventAttributes;
    if (done) {
      const scheduled = byId.get(Number(done.scheduledEventId));
      const started = byId.get(Number(done.startedEventId));
      const name = scheduled?.activityTaskScheduledEventAttributes?.activityType?.name ?? 'unknown activity';
      add(
        name,
        msOf(event.eventTime) - msOf(started?.eventTime),
        msOf(started?.eventTime) - msOf(scheduled?.eventTime),
      );
    }
    const task = event.workflowTaskCompletedEventAttributes;
    if (task) add('workflow tasks', msOf(event.eventTime) - msOf(byId.get(Number(task.scheduledEventId))?.eventTime));
  }
  return steps;
}

/** Medians of each step over many runs, in the order the steps first happen. */
export function stepTimings(histories: History[]): StepTiming[] {
  const samples = new Map<string, { scheduleToStart: number[]; run: number[] }>();
  for (const history of histories) {
    for (const [step, t] of stepsOf(history)) {
      const s = samples.get(step) ?? { scheduleToStart: [], run: [] };
      s.run.push(t.run);
      if (t.scheduleToStart !== undefined) s.scheduleToStart.push(t.scheduleToStart);
      samples.set(step, s);
    }
  }
  return [...samples].map(([step, s]) => ({
    step,
    ...(s.scheduleToStart.length ? { scheduleToStartMs: median(s.scheduleToStart) } : {}),
    runMs: median(s.run),
  }));
}

const median = (values: number[]): number => summarize(values).p50;

export async function fetchHistories(client: Client, workflowIds: string[]): Promise<History[]> {
  return await runPool(workflowIds.length, 4, (i) => client.workflow.getHandle(workflowIds[i]!).fetchHistory());
}
