/**
 * The `kube-ci.qutics.com/*` annotation names (SPEC B 19.1), without the prefix. The prefix is
 * configurable (`RunSettings.annotationPrefix`), so keys are always built with {@link annotationKey}.
 */
export const Annotation = {
  sha: 'sha',
  branch: 'branch',
  repo: 'repo',
  org: 'org',
  installId: 'github-install-id',
  checkRunName: 'check-run-name',
  checkRunId: 'check-run-id',
  annotationsPublished: 'annotations-published',
  deploymentIds: 'deployment-ids',
  /** new: node id → the last deployment state posted for it, so each state is posted once (G9) */
  deploymentStates: 'deployment-states',
  prUrl: 'pr-url',
  cacheName: 'cacheName',
  cacheScope: 'cacheScope',
  cacheSize: 'cacheSize',
  cacheStorageClassName: 'cacheStorageClassName',
  runForBranch: 'runForBranch',
  runForTag: 'runForTag',
  manualTemplates: 'manualTemplates',
  essentialTemplates: 'essentialTemplates',
  deployTemplates: 'deployTemplates',
  nonInteractiveBranches: 'nonInteractiveBranches',
  /** new: globs; a run whose change touches no matching file is skipped (domain/path-filter.ts) */
  onPathChange: 'onPathChange',
} as const;

/** Argo's own annotation that sets the workflow's title in the Argo UI. */
export const ARGO_TITLE_ANNOTATION = 'workflows.argoproj.io/title';

/** Argo's annotation choosing the pod-name format (`v1` = node id, `v2` = `<wf>-<template>-<hash>`). */
export const ARGO_POD_NAME_FORMAT_ANNOTATION = 'workflows.argoproj.io/pod-name-format';

/** The full annotation key, e.g. `annotationKey('kube-ci.qutics.com', Annotation.sha)` → `kube-ci.qutics.com/sha`. */
export function annotationKey(prefix: string, name: string): string {
  return `${prefix}/${name}`;
}
