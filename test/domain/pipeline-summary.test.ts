import { describe, expect, it } from 'vitest';
import { restorePipeline, summarizePipeline } from '../../domain/pipeline-summary';
import type { ArgoWorkflow } from '../../domain/types';

const full: ArgoWorkflow = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: { generateName: 'ci-', annotations: { 'kube-ci.qutics.com/cacheScope': 'project' } },
  spec: {
    entrypoint: 'build',
    arguments: { parameters: [{ name: 'x', value: '1' }] },
    templates: [
      { name: 'build', steps: [[{ name: 'a', template: 'deploy' }]] },
      {
        name: 'deploy',
        inputs: { parameters: [{ name: 'environment' }] },
        container: { image: 'alpine', command: ['sh', '-c', 'x'.repeat(1000)] },
      },
    ],
  },
};

describe('summarizePipeline / restorePipeline', () => {
  it('keeps what decisions read and drops template bodies', () => {
    const summary = summarizePipeline(full);
    expect(summary.metadata).toEqual(full.metadata);
    expect(summary.spec).toEqual({
      entrypoint: 'build',
      arguments: { parameters: [{ name: 'x', value: '1' }] },
      templates: [{ name: 'build' }, { name: 'deploy', inputs: { parameters: [{ name: 'environment' }] } }],
    });
    expect(JSON.stringify(summary).length).toBeLessThan(JSON.stringify(full).length / 3);
  });

  it('puts the bodies back under the decorated metadata and spec, with inputs the decisions set', () => {
    const decorated = summarizePipeline(full);
    decorated.metadata = { name: 'repo.main.xabc', labels: { managedBy: 'kube-ci' } };
    decorated.spec.ttlStrategy = { secondsAfterCompletion: 259200 };
    decorated.spec.templates![1]!.inputs = { parameters: [{ name: 'environment', value: 'staging' }] };
    const restored = restorePipeline(full, decorated);
    expect(restored.metadata).toEqual(decorated.metadata);
    expect(restored.spec.ttlStrategy).toEqual({ secondsAfterCompletion: 259200 });
    expect(restored.spec.templates).toEqual([
      full.spec.templates![0],
      { ...full.spec.templates![1], inputs: { parameters: [{ name: 'environment', value: 'staging' }] } },
    ]);
  });

  it('refuses a summary of another pipeline', () => {
    const other = summarizePipeline({ ...full, spec: { ...full.spec, templates: [{ name: 'build' }] } });
    expect(() => restorePipeline(full, other)).toThrow(/does not describe this pipeline/);
  });
});
