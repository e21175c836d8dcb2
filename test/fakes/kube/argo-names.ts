/** Argo's naming: node ids (`Workflow.NodeID`) and v2 pod names (`util.GeneratePodName`, workflow/util/pod_name.go). */
const MAX_K8S_RESOURCE_NAME_LENGTH = 253;
const K8S_NAMING_HASH_LENGTH = 10;
const MAX_PREFIX_LENGTH = MAX_K8S_RESOURCE_NAME_LENGTH - K8S_NAMING_HASH_LENGTH;

/** 32-bit FNV-1a over the UTF-8 bytes, as Go's hash/fnv New32a. */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function nodeId(workflowName: string, nodeName: string): string {
  return nodeName === workflowName ? workflowName : `${workflowName}-${fnv32a(nodeName)}`;
}

/** `<workflow>-<template>-<fnv32a(nodeName)>`, the prefix cut to leave room for the hash. */
export function podNameV2(workflowName: string, nodeName: string, templateName: string): string {
  if (workflowName === nodeName) return workflowName;
  let prefix = templateName ? `${workflowName}-${templateName}` : workflowName;
  if (prefix.length > MAX_PREFIX_LENGTH - 1) prefix = prefix.slice(0, MAX_PREFIX_LENGTH - 1);
  return `${prefix}-${fnv32a(nodeName)}`;
}

/** Labels and annotations Argo puts on workflows and pods (pkg/apis/workflow/common). */
export const ArgoLabel = {
  workflow: 'workflows.argoproj.io/workflow',
  completed: 'workflows.argoproj.io/completed',
  phase: 'workflows.argoproj.io/phase',
} as const;

export const ArgoAnnotation = {
  nodeId: 'workflows.argoproj.io/node-id',
  nodeName: 'workflows.argoproj.io/node-name',
  podNameFormat: 'workflows.argoproj.io/pod-name-format',
} as const;
