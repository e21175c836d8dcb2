import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { argoCrdPath } from '../shared-data';
import { expectOk, type KubeHttp } from './http';

export interface RbacDocument {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
  [key: string]: unknown;
}

/** The shipped RBAC (deploy/rbac.yaml), as documents. */
export function shippedRbac(): RbacDocument[] {
  return yamlDocuments(fileURLToPath(new URL('../../../deploy/rbac.yaml', import.meta.url))) as RbacDocument[];
}

/**
 * Plain YAML documents. Not client-node's loadAllYaml: it turns known kinds into its model classes, and a
 * CRD so modelled loses `x-kubernetes-int-or-string` (sent back as `x_kubernetes_int_or_string`), which the
 * real server then rejects as a non-structural schema.
 */
function yamlDocuments(path: string): unknown[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((doc) => doc.toJS() as unknown);
}

const PATHS: Record<string, string> = {
  ServiceAccount: '/api/v1/namespaces/{ns}/serviceaccounts',
  Role: '/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/roles',
  RoleBinding: '/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/rolebindings',
};

/**
 * What a cluster with Argo installed has, as an admin sets it up: the namespaces, Argo's Workflow CRD
 * (from ../shared, established before returning), the `default` ServiceAccount pods need (the
 * controller-manager would make it) and the worker's RBAC, `rbac` (default: deploy/rbac.yaml as shipped).
 */
export async function bootstrapCluster(admin: KubeHttp, rbac: RbacDocument[] = shippedRbac()): Promise<void> {
  for (const name of ['argo', 'kube-ci']) {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
    await expectOk(admin('POST', '/api/v1/namespaces', ns), `create namespace ${name}`);
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } };
    await expectOk(admin('POST', `/api/v1/namespaces/${name}/serviceaccounts`, sa), `create ${name}/default`);
  }
  const crd = yamlDocuments(argoCrdPath)[0] as { metadata: { name: string } };
  const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
  await expectOk(admin('POST', crdPath, crd), 'create the Workflow CRD');
  for (const doc of rbac) {
    const path = PATHS[doc.kind]!.replace('{ns}', doc.metadata.namespace ?? 'default');
    await expectOk(admin('POST', path, doc), `create ${doc.kind} ${doc.metadata.name}`);
  }
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { status } = await admin('GET', '/apis/argoproj.io/v1alpha1/namespaces/argo/workflows');
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error('the Workflow CRD is not served after 30 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}
