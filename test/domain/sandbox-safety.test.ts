import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';

describe('domain/ in the Temporal workflow sandbox', () => {
  it('bundles with Temporal’s workflow bundler, which rejects Node built-ins', async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: fileURLToPath(new URL('./sandbox/domain-workflow.ts', import.meta.url)),
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
    });
    expect(code).toContain('domainProbeWorkflow');
    expect(code).toContain('ignoring, wrong appID');
  }, 120_000);
});
