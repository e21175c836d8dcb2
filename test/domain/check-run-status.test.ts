import { describe, expect, it } from 'vitest';
import { checkRunStatusFor, isFinished, nodesText } from '../../domain/check-run-status';
import type { ArgoNode, ArgoPhase, ArgoWorkflow } from '../../domain/types';

/** The shared TestCreateWorkflow fixture of the original (SPEC B §21). */
function fixture(
  phase: ArgoPhase,
  message = "child 'wf-1' failed",
): { workflow: ArgoWorkflow; nodes: Record<string, ArgoNode> } {
  const nodes: Record<string, ArgoNode> = {
    wf: { id: 'wf', name: 'wf', type: 'Steps', phase: 'Failed', templateName: 'build' },
    'wf-2': { id: 'wf-2', name: 'wf[1]', type: 'StepGroup', phase: 'Failed' },
    'wf-1': {
      id: 'wf-1',
      name: 'wf[1].release-staging',
      type: 'Pod',
      templateName: 'release',
      phase: 'Failed',
      message: 'Error (exit code 2)',
      inputs: { parameters: [{ name: 'env', value: 'staging' }] },
    },
    'wf-4': { id: 'wf-4', name: 'wf[2].release', type: 'Skipped', templateName: 'release', phase: 'Skipped' },
  };
  const workflow: ArgoWorkflow = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'wf', namespace: 'default', labels: { managedBy: 'kube-ci' } },
    spec: { entrypoint: 'build' },
    status: { phase, message, nodes },
  };
  return { workflow, nodes };
}

const settings = { argoUiBase: 'http://example.com/ui' };

// The original's expected title is "Workflow Run (default/wf))"; dropping the stray ")" is our decision (G34).
const expectedOutput = {
  title: 'Workflow Run (default/wf)',
  summary: "child 'wf-1' failed",
  text: 'wf[1].release-staging(Failed): Error (exit code 2) \n',
  detailsUrl: 'http://example.com/ui/workflows/default/wf',
};

describe('checkRunStatusFor', () => {
  it.each<[string, ArgoPhase, object]>([
    ['A1 Pending → queued', 'Pending', { status: 'queued' }],
    ['A2 Running → in_progress', 'Running', { status: 'in_progress' }],
    ['A3 Succeeded → completed/success', 'Succeeded', { status: 'completed', conclusion: 'success' }],
    ['A11 Failed → completed/failure', 'Failed', { status: 'completed', conclusion: 'failure' }],
    ['A12 Error → completed/failure', 'Error', { status: 'completed', conclusion: 'failure' }],
  ])('%s with the run output', (_name, phase, state) => {
    const { workflow, nodes } = fixture(phase);
    expect(checkRunStatusFor(workflow, nodes, settings)).toEqual({ ...state, ...expectedOutput });
  });

  it('concludes cancelled when a Failed workflow was stopped with activeDeadlineSeconds 0', () => {
    const { workflow, nodes } = fixture('Failed');
    workflow.spec.activeDeadlineSeconds = 0;
    expect(checkRunStatusFor(workflow, nodes, settings)).toMatchObject({
      status: 'completed',
      conclusion: 'cancelled',
    });
    workflow.spec.activeDeadlineSeconds = 3600;
    expect(checkRunStatusFor(workflow, nodes, settings)).toMatchObject({ conclusion: 'failure' });
  });

  it('gives no update for an empty or unknown phase', () => {
    for (const phase of ['', 'Weird']) {
      const { workflow, nodes } = fixture('Pending');
      workflow.status = { ...workflow.status, phase: phase as ArgoPhase };
      expect(checkRunStatusFor(workflow, nodes, settings)).toBeUndefined();
    }
  });

  it('never sends an empty summary (G33)', () => {
    const { workflow, nodes } = fixture('Running', '');
    expect(checkRunStatusFor(workflow, nodes, settings)?.summary).toBe('The workflow is running.');
  });

  it('cuts summary and text to 65,535 characters (G33)', () => {
    const { workflow } = fixture('Failed', 'm'.repeat(70_000));
    const many: Record<string, ArgoNode> = {};
    for (let i = 0; i < 2000; i++)
      many[`n${i}`] = { id: `n${i}`, name: `step-${i}`, type: 'Pod', phase: 'Failed', message: 'x'.repeat(50) };
    const update = checkRunStatusFor(workflow, many, settings);
    expect(update?.summary.length).toBeLessThanOrEqual(65_535);
    expect(update?.text.length).toBeLessThanOrEqual(65_535);
    expect(update?.text).toMatch(/\(truncated by kube-ci: \d+ characters dropped\)$/);
  });

  it('does not double the slash of an Argo UI base ending in /', () => {
    const { workflow, nodes } = fixture('Running');
    expect(checkRunStatusFor(workflow, nodes, { argoUiBase: 'https://argo/' })?.detailsUrl).toBe(
      'https://argo/workflows/default/wf',
    );
  });

  it('has empty text when there are no nodes', () => {
    const { workflow } = fixture('Pending');
    expect(checkRunStatusFor(workflow, undefined, settings)?.text).toBe('');
  });
});

describe('nodesText', () => {
  it('lists Pod nodes sorted by name, in byte order like Go', () => {
    const nodes: Record<string, ArgoNode> = {
      a: { id: 'a', name: 'b', type: 'Pod', phase: 'Running' },
      b: { id: 'b', name: 'B', type: 'Pod', phase: 'Succeeded', message: 'ok' },
      c: { id: 'c', name: 'a', type: 'Steps', phase: 'Running' },
      d: { id: 'd', name: '\uff5e', type: 'Pod', phase: 'Pending' },
      e: { id: 'e', name: '😀', type: 'Pod', phase: 'Pending' },
    };
    expect(nodesText(nodes)).toBe('B(Succeeded): ok \nb(Running):  \n\uff5e(Pending):  \n😀(Pending):  \n');
  });
});

describe('isFinished', () => {
  it.each([
    ['Succeeded', true],
    ['Failed', true],
    ['Error', true],
    ['Running', false],
    ['Pending', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (phase, expected) => expect(isFinished(phase)).toBe(expected));
});
