import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import proto from '@temporalio/proto';
import { PipelineStore } from '../../activities/pipeline-store';
import { argoWorkflowsFor, deliverAccepted, prepareCheckSuite } from './deliveries';
import { startStack, type Stack } from './stack';

const steps = 60;
/** 60 steps with 2 KB scripts each: ~130 KB rendered, over the 64 KiB limit this test sets (default 256 KiB). */
function largePipeline(): string {
  const stepList = Array.from(
    { length: steps },
    (_, i) => `        - - name: s${i}\n            template: step-${i}`,
  ).join('\n');
  const templates = Array.from(
    { length: steps },
    (_, i) =>
      `    - name: step-${i}\n      script:\n        image: alpine\n        command: [sh]\n        source: |\n          echo ${'x'.repeat(2000)} ${i}\n`,
  ).join('');
  return `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: big-
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
${stepList}
${templates}`;
}

/** The run's history as Temporal stores it (protobuf-encoded bytes). */
async function historyBytes(stack: Stack, workflowId: string): Promise<number> {
  const history = await stack.client.workflow.getHandle(workflowId).fetchHistory();
  return proto.temporal.api.history.v1.History.encode(history).finish().length;
}

describe.each([
  ['kept in the worker between loading and submitting', 32],
  ['rendered again at submit when the worker no longer has it', 0],
])('a rendered pipeline of hundreds of KB, %s', (_name, capacity) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ pipelineStore: new PipelineStore(capacity), maxPipelineBytesInHistory: 64 * 1024 });
    stack.argo.plan(() => ({ stepDelayMs: 1 }));
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('stays out of workflow history, and the whole pipeline is submitted', async () => {
    const text = largePipeline();
    expect(text.length).toBeGreaterThan(120_000);
    const { delivery, sha } = await prepareCheckSuite(stack, { '.kube-ci/ci.yaml': text });
    const handle = await deliverAccepted(stack, delivery);
    expect(await handle.result()).toMatchObject({ outcome: 'success' });

    const [submitted] = argoWorkflowsFor(stack, sha);
    expect(submitted!.spec.templates).toHaveLength(steps + 1);
    expect(submitted!.spec.templates![steps]).toMatchObject({
      name: `step-${steps - 1}`,
      script: { image: 'alpine', source: expect.stringContaining('x'.repeat(2000)) },
    });
    expect(submitted!.spec.arguments?.parameters?.map((p) => p.name)).toContain('revision');
    // Passed through history, the pipeline would be there at least twice (loadPipeline's result, submit's input).
    expect(await historyBytes(stack, handle.workflowId)).toBeLessThan(60_000);
  }, 120_000);
});
