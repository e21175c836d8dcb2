import { Context } from '@temporalio/activity';

/**
 * Runs `work` while heartbeating every `everyMs`, for activities that are long only sometimes (a big
 * `.kube-ci/`, a slow Starlark script) and have no natural point to heartbeat: with a heartbeat timeout, a
 * worker that dies mid-activity is noticed in seconds instead of at the start-to-close timeout.
 */
export async function heartbeatWhile<T>(work: () => Promise<T>, everyMs = 2_000): Promise<T> {
  const ctx = Context.current();
  const beat = setInterval(() => ctx.heartbeat(), everyMs);
  try {
    return await work();
  } finally {
    clearInterval(beat);
  }
}
