/**
 * Every log line of an activity carries the run it works for: the SDK adds `workflowId`, `workflowRunId` and
 * the activity's name; this interceptor adds the run's `deliveryId`, `repo` and `sha` from the activity's input
 * (the `trigger` most activities take, or an input that is a trigger itself), so a line found by delivery id,
 * repository or commit leads to the run and back.
 */
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

interface TriggerLike {
  deliveryId?: unknown;
  sha?: unknown;
  repo?: { owner?: unknown; name?: unknown };
}

/** The standard log fields (STYLE.md §7) an activity input names; none for inputs without a trigger. */
export function runLogFields(input: unknown): Record<string, string> {
  const arg = (input ?? {}) as { trigger?: TriggerLike } & TriggerLike;
  const trigger = arg.trigger ?? arg;
  const fields: Record<string, string> = {};
  if (typeof trigger.deliveryId === 'string' && trigger.deliveryId !== '') fields['deliveryId'] = trigger.deliveryId;
  const { owner, name } = trigger.repo ?? {};
  if (typeof owner === 'string' && typeof name === 'string') fields['repo'] = `${owner}/${name}`;
  if (typeof trigger.sha === 'string') fields['sha'] = trigger.sha;
  return fields;
}

export const runLogFieldsInterceptor: ActivityInterceptorsFactory = () => {
  let fields: Record<string, string> = {};
  return {
    inbound: {
      execute(input, next) {
        fields = runLogFields(input.args[0]);
        return next(input);
      },
    },
    outbound: {
      getLogAttributes(input, next) {
        return next({ ...fields, ...input });
      },
    },
  };
};
