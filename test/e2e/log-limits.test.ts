import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRunsFor, deliverCheckSuite } from './deliveries';
import { buildAndTest } from './pipelines';
import { startStack, type Stack } from './stack';

/**
 * A step log GitHub could not take as it is: a 100 KB line, one whose message is 100 KB of UTF-8, a token,
 * and 600 annotation lines. The fake GitHub answers 422 to anything over GitHub's limits, so "every
 * check-run request landed" proves nothing over-limit was sent.
 */
describe('a step log with huge lines and many annotations, end to end', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('concludes with the capped annotation count, each message within GitHub limits, and no refused request', async () => {
    const log = [
      `huge.go:1: ${'a'.repeat(100_000)}`, // over the 64 KiB line limit: skipped alone
      `wide.go:2: ${'€'.repeat(33_000)}`, // 33 K characters, 99 KB of UTF-8: kept, cut to 65,535 bytes
      'push.sh:3: push failed for ghp_0123456789abcdefghijABCDEFGHIJ0123',
      ...Array.from({ length: 600 }, (_, i) => `pkg/a_test.go:${i + 10}: failure ${i}`),
      '',
    ].join('\n');
    stack.argo.plan(() => ({ outcome: 'Failed', logs: { test: log } }));
    try {
      const { handle, sha } = await deliverCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest });
      expect(await handle.result()).toMatchObject({ outcome: 'failure' });

      const [checkRun, ...others] = checkRunsFor(stack, sha);
      expect(others).toHaveLength(0);
      expect(checkRun!.fields).toMatchObject({ status: 'completed', conclusion: 'failure' });
      expect(checkRun!.annotations).toHaveLength(500); // KUBECI_MAX_ANNOTATIONS
      const [wide, push, first] = checkRun!.annotations;
      expect(wide).toMatchObject({ path: 'wide.go', start_line: 2 });
      expect(Buffer.byteLength(String(wide!.message))).toBeLessThanOrEqual(65_535);
      expect(wide!.message).toMatch(/^€+\n… \(truncated by kube-ci: \d+ characters dropped\)$/);
      expect(push).toMatchObject({ path: 'push.sh', message: 'push failed for ***' });
      expect(first).toMatchObject({ path: 'pkg/a_test.go', start_line: 10, message: 'failure 0' });
      expect(checkRun!.annotations.at(-1)).toMatchObject({ message: 'failure 497' });

      const checkRunStatuses = stack.github.requests
        .filter((r) => r.path.includes('/check-runs') && r.method !== 'GET')
        .map((r) => r.status);
      expect(checkRunStatuses.every((status) => status === 200 || status === 201)).toBe(true);
      expect(stack.github.schemaViolations).toEqual([]);
      const logReads = stack.kube.requests.filter((r) => r.path.endsWith('/log'));
      expect(logReads.length).toBeGreaterThan(0);
      for (const read of logReads) expect(read.query).toMatchObject({ limitBytes: '1048576', tailLines: '10000' });
    } finally {
      stack.argo.plan(() => ({}));
    }
  }, 90_000);
});
