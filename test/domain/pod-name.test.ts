import { describe, expect, it } from 'vitest';
import { podNameFor } from '../../domain/pod-name';
import type { ArgoNode, ArgoWorkflow } from '../../domain/types';

function workflowNamed(name: string, annotations?: Record<string, string>): ArgoWorkflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, ...(annotations ? { annotations } : {}) },
    spec: {},
  };
}

const node = (overrides: Partial<ArgoNode>): ArgoNode => ({
  id: 'wf-1',
  name: 'wf[1].release-staging',
  type: 'Pod',
  ...overrides,
});

// FNV-1a 32 values computed independently (Python) for the node names below.
describe('podNameFor', () => {
  it('builds v2 names <workflow>-<template>-<fnv32a(node name)>', () => {
    expect(podNameFor(workflowNamed('wf'), node({ templateName: 'release' }))).toBe('wf-release-3246343132');
    expect(
      podNameFor(workflowNamed('my-wf'), node({ id: 'my-wf-9', name: 'my-wf[0].build', templateName: 'build' })),
    ).toBe('my-wf-build-3196233337');
  });

  it('uses the template of a templateRef, and no template part when there is none', () => {
    const viaRef = node({ templateName: 'ignored', templateRef: { name: 'lib', template: 'release' } });
    expect(podNameFor(workflowNamed('wf'), viaRef)).toBe('wf-release-3246343132');
    expect(podNameFor(workflowNamed('wf'), node({}))).toBe('wf-3246343132');
  });

  it('names a single-pod workflow after the workflow', () => {
    expect(podNameFor(workflowNamed('my-wf'), node({ id: 'my-wf', name: 'my-wf', templateName: 'main' }))).toBe(
      'my-wf',
    );
  });

  it('uses the node id for pod-name-format v1, v2 for any other value', () => {
    expect(
      podNameFor(
        workflowNamed('wf', { 'workflows.argoproj.io/pod-name-format': 'v1' }),
        node({ templateName: 'release' }),
      ),
    ).toBe('wf-1');
    expect(
      podNameFor(
        workflowNamed('wf', { 'workflows.argoproj.io/pod-name-format': 'v3' }),
        node({ templateName: 'release' }),
      ),
    ).toBe('wf-release-3246343132');
  });

  it('cuts <workflow>-<template> to 242 bytes before the hash', () => {
    const name = podNameFor(workflowNamed('w'.repeat(200)), node({ templateName: 't'.repeat(100) }));
    expect(name).toBe(`${'w'.repeat(200)}-${'t'.repeat(41)}-3246343132`);
    expect(name.length).toBe(253);
  });
});
