import type { ArgoWorkflow, CiTrigger, RunSettings } from '../../domain/types';

/** Settings as the original's defaults (SPEC B 2.2), with buildBranches open unless a test narrows it. */
export function settingsWith(overrides: Partial<RunSettings> = {}): RunSettings {
  return {
    namespace: 'argo',
    managedBy: 'kube-ci',
    annotationPrefix: 'kube-ci.qutics.com',
    tolerations: [],
    nodeSelector: {},
    cacheDefaults: { scope: '', size: '', storageClassName: '' },
    buildDraftPRs: false,
    buildBranches: '',
    manualTemplates: '^$',
    essentialTemplates: '^$',
    deployTemplates: '^$',
    productionEnvironments: '^production$',
    nonInteractiveBranches: '^$',
    environmentParameter: 'environment',
    argoUiBase: 'http://example.com/ui',
    ...overrides,
  };
}

/** A pipeline with templates `build`, `release` (input `environment`) and `lint`; entrypoint `build`. */
export function pipeline(annotations: Record<string, string> = {}): ArgoWorkflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { generateName: 'ci-', annotations },
    spec: {
      entrypoint: 'build',
      templates: [
        { name: 'build', container: { image: 'golang' } },
        { name: 'release', inputs: { parameters: [{ name: 'environment' }] } },
        { name: 'lint' },
      ],
    },
  };
}

/** A check_suite trigger on branch `master` of tcolgate/kube-ci without PRs. */
export function triggerWith(overrides: Partial<CiTrigger> = {}): CiTrigger {
  return {
    source: 'check_suite',
    installationId: 593693,
    repo: { owner: 'tcolgate', name: 'kube-ci' },
    sha: '50dbe643ba1ffb5f4a2a9bc3e8e5e3c0e8f7a6b1',
    ref: 'master',
    refType: 'branch',
    entrypoint: '',
    pullRequests: [],
    deliveryId: 'd-1',
    sender: 'octocat',
    ...overrides,
  };
}
