import { describe, expect, it } from 'vitest';
import { manualStepsFor, type ManualStepsInput } from '../../domain/manual-steps';
import type { ArgoWorkflow } from '../../domain/types';
import { settingsWith } from './fixtures';

/** SPEC B §21's TestCreateWorkflow fixture: templates build, release-staging, very-long-action-button-name, release. */
function fixture(annotations: Record<string, string> = {}): ArgoWorkflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'wf', namespace: 'default', annotations },
    spec: {
      entrypoint: 'build',
      templates: [
        { name: 'build' },
        { name: 'release-staging' },
        { name: 'very-long-action-button-name' },
        { name: 'release' },
      ],
    },
  };
}

const decide = (
  over: Partial<ManualStepsInput> & {
    annotations?: Record<string, string>;
    manualTemplates?: string;
    essentialTemplates?: string;
  } = {},
) =>
  manualStepsFor({
    workflow: fixture(over.annotations),
    entrypoint: over.entrypoint ?? 'build',
    branch: over.branch ?? 'testdeploy',
    defaultBranch: 'master',
    settings: settingsWith({
      manualTemplates: over.manualTemplates ?? '^release-staging$',
      essentialTemplates: over.essentialTemplates ?? '^$',
      nonInteractiveBranches: '^(production|staging)$',
    }),
  });

describe('manualStepsFor (SPEC B 13, §21 A6–A10)', () => {
  it('A6: offers the matching template as a neutral step', () => {
    expect(decide()).toEqual({ steps: [{ template: 'release-staging', essential: false }], warnings: [] });
  });

  it('A7: nothing on the default branch', () => {
    expect(decide({ branch: 'master' }).steps).toEqual([]);
  });

  it('A8: nothing on a branch matching nonInteractiveBranches', () => {
    expect(decide({ branch: 'staging' }).steps).toEqual([]);
  });

  it('A9: nothing on a branch matching the annotation override', () => {
    const annotations = { 'kube-ci.qutics.com/nonInteractiveBranches': '^mybranch$' };
    expect(decide({ branch: 'mybranch', annotations }).steps).toEqual([]);
    expect(decide({ branch: 'otherbranch', annotations }).steps).toHaveLength(1);
  });

  it('A10: drops a template name over 20 characters, with the original warning', () => {
    expect(decide({ manualTemplates: '^very-long-' })).toEqual({
      steps: [],
      warnings: ['Action button very-long-action-button-name dropped, only 20 chars permitted'],
    });
  });

  it('marks essential steps; ann:essentialTemplates overrides the essential regex, not the manual one (G2)', () => {
    expect(decide({ manualTemplates: '^release', essentialTemplates: '^release$' }).steps).toEqual([
      { template: 'release-staging', essential: false },
      { template: 'release', essential: true },
    ]);
    const annotations = { 'kube-ci.qutics.com/essentialTemplates': '^release-staging$' };
    expect(decide({ manualTemplates: '^release', annotations }).steps).toEqual([
      { template: 'release-staging', essential: true },
      { template: 'release', essential: false },
    ]);
  });

  it('keeps the config regex and warns for a bad override, and keeps warnings when nothing is offered (G53, G55)', () => {
    const annotations = {
      'kube-ci.qutics.com/manualTemplates': '(unclosed',
      'kube-ci.qutics.com/nonInteractiveBranches': '[z-a]',
    };
    const decided = decide({ annotations, branch: 'master' });
    expect(decided.steps).toEqual([]);
    expect(decided.warnings).toHaveLength(2);
    expect(decided.warnings[0]).toMatch(/^ignoring bad manual template regexp, /);
    expect(decided.warnings[1]).toMatch(/^ignoring bad non-interactive branch regexp, /);
    expect(decide({ annotations: { 'kube-ci.qutics.com/manualTemplates': '(unclosed' } }).steps).toEqual([
      { template: 'release-staging', essential: false },
    ]);
  });

  it('offers nothing when the run was itself a manual step (13.4)', () => {
    expect(decide({ entrypoint: 'release-staging' }).steps).toEqual([]);
  });

  it('offers nothing with the default settings (^$ matches no template name)', () => {
    expect(decide({ manualTemplates: '^$' }).steps).toEqual([]);
  });
});
