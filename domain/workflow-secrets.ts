/**
 * "The Workflow's secrets" as kube-ci can see them without reading Kubernetes Secrets (its RBAC has no
 * `get secrets`, on purpose): values written into the Workflow object under a name that says it is secret.
 * That is parameters (`spec.arguments.parameters`, template `inputs.parameters` defaults, and the resolved
 * `inputs.parameters` Argo records on each node) and literal container/script `env` values, whose name
 * contains token, password, passwd, secret, credential, api key/apikey, private key or access key.
 *
 * Not visible, so only masked by pattern (maskSecrets: GitHub tokens, JWTs, `Bearer …`, `password=…`, …):
 * `env[].valueFrom.secretKeyRef`, `envFrom.secretRef` and Secret volumes, whose values live in Secrets.
 */
import type { ArgoNode, ArgoParameter, ArgoWorkflow } from './types';

const SECRET_NAME = /token|passw(or)?d|secret|credential|api[-_]?key|private[-_]?key|access[-_]?key/i;

/** Values of the workflow's secret-named parameters and env vars (see the file comment), deduplicated. */
export function workflowSecretValues(workflow: ArgoWorkflow, nodes: Record<string, ArgoNode> = {}): string[] {
  const values = new Set<string>();
  const addNamed = (entries: unknown): void => {
    if (!Array.isArray(entries)) return;
    for (const entry of entries as Array<Partial<ArgoParameter>>) {
      if (typeof entry?.name === 'string' && typeof entry.value === 'string' && SECRET_NAME.test(entry.name))
        values.add(entry.value);
    }
  };
  addNamed(workflow.spec.arguments?.parameters);
  for (const template of workflow.spec.templates ?? []) {
    addNamed(template.inputs?.parameters);
    for (const key of ['container', 'script'] as const) {
      const body = template[key] as { env?: unknown } | undefined;
      addNamed(body?.env);
    }
  }
  for (const node of Object.values(nodes)) addNamed(node.inputs?.parameters);
  return [...values].filter((v) => v !== '');
}
