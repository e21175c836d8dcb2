import type { ArgoWorkflow } from '../../../domain/types';
import { ArgoAnnotation, ArgoLabel, podNameV2 } from './argo-names';
import type { PlannedNode } from './argo-nodes';
import type { KubeObject } from './store';

/** The Pod the Argo controller creates for a Pod node: `wait` sidecar plus `main`, owned by the workflow. */
export function podFor(workflow: ArgoWorkflow, node: PlannedNode): KubeObject {
  const wfName = workflow.metadata.name!;
  const template = (workflow.spec.templates ?? []).find((t) => t.name === node.templateName);
  const container = (template?.container ?? template?.script ?? {}) as { image?: string };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podNameV2(wfName, node.name, node.templateName ?? node.templateRef?.template ?? ''),
      namespace: workflow.metadata.namespace!,
      labels: { [ArgoLabel.workflow]: wfName, [ArgoLabel.completed]: 'false' },
      annotations: { [ArgoAnnotation.nodeId]: node.id, [ArgoAnnotation.nodeName]: node.name },
      ownerReferences: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          name: wfName,
          uid: workflow.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      containers: [
        { name: 'wait', image: 'quay.io/argoproj/argoexec:latest' },
        { name: 'main', image: container.image ?? 'unknown' },
      ],
      restartPolicy: 'Never',
    },
    status: { phase: 'Pending' },
  };
}
