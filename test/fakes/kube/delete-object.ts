import { expectOk, kubeHttp } from '../../support/real-kube/http';
import type { FakeKube } from './fake-kube';

/**
 * A DELETE through the fake's HTTP API, as an admin (`kubectl delete`) or Argo's TTL controller would send it:
 * the worker itself never deletes Workflows (its gateway has no such call, its Role no such verb). Through HTTP,
 * not the store, so the fake's delete handling (owned pods collected, finalizers) is what the tests see.
 */
export async function deleteThroughApi(fake: FakeKube, path: string): Promise<void> {
  await expectOk(kubeHttp(fake.url, fake.token)('DELETE', path), `DELETE ${path}`);
}

/** The API path of a Workflow in `namespace`. */
export const workflowPath = (namespace: string, name: string): string =>
  `/apis/argoproj.io/v1alpha1/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(name)}`;
