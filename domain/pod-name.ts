import { ARGO_POD_NAME_FORMAT_ANNOTATION } from './annotation-key';
import { fnv32a } from './fnv32a';
import type { ArgoNode, ArgoWorkflow } from './types';
import { truncateUtf8 } from './utf8-bytes';

// argo-workflows workflow/util/pod_name.go: maxK8sResourceNameLength - k8sNamingHashLength - 1
const MAX_PREFIX_BYTES = 253 - 10 - 1;

/**
 * The name of the pod Argo created for a node (G7), as `GeneratePodName` in Argo's
 * `workflow/util/pod_name.go`:
 * - v1 (annotation `workflows.argoproj.io/pod-name-format: v1`): the node id;
 * - v2 (Argo ≥ 3.4 default, and any other value): the workflow name if the node is the workflow
 *   itself, else `<workflow>[-<template>]` cut to 242 bytes, then `-<fnv32a(node name)>` in decimal.
 *   The template is `templateRef.template` when the node came from a template ref, else `templateName`.
 *
 * Without the annotation Argo falls back to the controller's `POD_NAMES` environment variable
 * (default v2), which kube-ci cannot see; we assume the default.
 */
export function podNameFor(workflow: ArgoWorkflow, node: ArgoNode): string {
  const workflowName = workflow.metadata.name ?? '';
  if (workflow.metadata.annotations?.[ARGO_POD_NAME_FORMAT_ANNOTATION] === 'v1') return node.id;
  if (workflowName === node.name) return workflowName;
  const template = node.templateRef ? (node.templateRef.template ?? '') : (node.templateName ?? '');
  const prefix = truncateUtf8(template !== '' ? `${workflowName}-${template}` : workflowName, MAX_PREFIX_BYTES);
  return `${prefix}-${fnv32a(node.name)}`;
}
