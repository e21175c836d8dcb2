import type { KubeGateway } from '../activities/kubernetes/gateway';
import type { ArgoWorkflow } from '../domain/types';

export type BaselineActivities = ReturnType<typeof createBaselineActivities>;

/** The one side effect of the baseline: create the Workflow through kube-ci's own Kubernetes gateway. */
export function createBaselineActivities(kube: KubeGateway) {
  return {
    async createArgoWorkflow({
      namespace,
      workflow,
    }: {
      namespace: string;
      workflow: ArgoWorkflow;
    }): Promise<{ name: string }> {
      const { workflow: stored } = await kube.createWorkflow(namespace, workflow);
      return { name: stored.metadata.name ?? '' };
    },
  };
}
