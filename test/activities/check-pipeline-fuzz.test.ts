import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPipeline } from '../../activities/check-pipeline';
import { planArgoWorkflow } from '../../domain/plan-argo-workflow';
import { decideRun } from '../../domain/run-decision';
import type { ArgoWorkflow } from '../../domain/types';
import { DEFAULT_WORKFLOW_POLICY, PERMISSIVE_WORKFLOW_POLICY } from '../../domain/workflow-policy';
import { settingsWith, triggerWith } from '../domain/fixtures';

const base = (): ArgoWorkflow => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: { generateName: 'ci-', annotations: { 'kube-ci.qutics.com/cacheScope': 'project' } },
  spec: {
    entrypoint: 'build',
    arguments: { parameters: [{ name: 'greeting', value: 'hello' }] },
    tolerations: [{ key: 'a', operator: 'Exists' }],
    templates: [
      { name: 'build', steps: [[{ name: 'a', template: 'work' }]] },
      { name: 'work', inputs: { parameters: [{ name: 'environment' }] }, container: { image: 'alpine' } },
    ],
  },
});

/** Places workflow and domain code read or spread: each gets any JSON value in turn. */
const paths: string[][] = [
  ['metadata'],
  ['metadata', 'annotations'],
  ['metadata', 'labels'],
  ['metadata', 'namespace'],
  ['spec'],
  ['spec', 'entrypoint'],
  ['spec', 'templates'],
  ['spec', 'tolerations'],
  ['spec', 'nodeSelector'],
  ['spec', 'ttlStrategy'],
  ['spec', 'arguments'],
  ['spec', 'arguments', 'parameters'],
  ['spec', 'volumes'],
  ['spec', 'podSpecPatch'],
  ['spec', 'templates', '1', 'inputs'],
  ['spec', 'templates', '1', 'container'],
  ['spec', 'templates', '1', 'volumes'],
  ['spec', 'templates', '0', 'steps'],
];

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let at: Record<string, unknown> = target;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[path.at(-1)!] = value;
}

/**
 * The promise of the shape check: whatever value sits at a field, loading either reports it or hands on a
 * pipeline that the run decision and the decoration take without an exception.
 */
describe('checkPipeline on malformed values (fast-check)', () => {
  it('reports or passes, and what passes never throws in decideRun or planArgoWorkflow', () => {
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), fc.boolean(), (path, value, permissive) => {
        const workflow = base();
        setAt(workflow as unknown as Record<string, unknown>, path, value);
        const trigger = triggerWith();
        const settings = settingsWith({ cacheDefaults: { scope: '', size: '1Gi', storageClassName: '' } });
        const policy = permissive ? PERMISSIVE_WORKFLOW_POLICY : DEFAULT_WORKFLOW_POLICY;
        const checked = checkPipeline({ workflow, file: '.kube-ci/ci.yaml', trigger, settings, policy });
        if (!checked.ok) {
          expect(checked.error.message).not.toBe('');
          return;
        }
        const decision = decideRun({ trigger, workflow: checked.workflow, settings });
        if (decision.kind === 'run')
          planArgoWorkflow({
            trigger,
            repo: { ...trigger.repo, sshUrl: '', gitUrl: '', cloneUrl: '', defaultBranch: 'main', htmlUrl: '' },
            settings,
            workflow: decision.workflow,
            salt: 's',
          });
      }),
      { numRuns: 2000 },
    );
  });
});
