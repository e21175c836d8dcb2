import { asCluster, type Cluster } from '../fakes/kube/cluster';
import { startFakeKube, type FakeKube, type FaultSpec, type RecordedRequest } from '../fakes/kube/fake-kube';
import type { SchemaViolation } from '../fakes/kube/object-handlers';
import type { KubeObject } from '../fakes/kube/store';
import { startRealKube, type RealKube, type RealKubeOptions } from '../support/real-kube/real-kube';

/**
 * Which Kubernetes the e2e stack runs against: `fake` (test/fakes/kube, the default) or `real` (etcd +
 * kube-apiserver built by scripts/build-kube.sh), chosen by KUBECI_E2E_KUBE. vitest.config.ts is the one
 * place that says which files run on the real tier (the `real-kube` project sets the variable).
 */
export type KubeTier = 'fake' | 'real';

export const kubeTier: KubeTier = process.env.KUBECI_E2E_KUBE === 'real' ? 'real' : 'fake';

/** What the tests see of "the API server", on either tier. */
export interface KubeUnderTest {
  /** the worker's endpoint: the fake, or the pass-through proxy in front of the real server */
  url: string;
  token: string;
  kubeConfigYaml(namespace?: string): string;
  /** every request the worker made (on the real tier: through the proxy) */
  requests: RecordedRequest[];
  /** the fake's schema checks (the real server answers 422 instead, so this stays empty there) */
  schemaViolations: SchemaViolation[];
  injectFault(fault: FaultSpec): void;
  dropWatches(options?: { abrupt?: boolean }): number;
  readonly openWatches: number;
  /** a synchronous read-only view: the fake's store, or the real tier's informer caches (namespace argo) */
  store: {
    get(resource: string, namespace: string, name: string): KubeObject | undefined;
    list(resource: string, namespace?: string): KubeObject[];
  };
}

export interface KubeSetup {
  tier: KubeTier;
  kube: KubeUnderTest;
  /** writes and fresh reads, for the Argo simulator and tests (admin on the real tier) */
  cluster: Cluster;
  /** only on the fake tier */
  fake?: FakeKube;
  /** only on the real tier */
  real?: RealKube;
  close(): Promise<void>;
}

export async function startKube(tier: KubeTier = kubeTier, realOptions: RealKubeOptions = {}): Promise<KubeSetup> {
  if (tier === 'fake') {
    const fake = await startFakeKube();
    return { tier, kube: fake, cluster: asCluster(fake), fake, close: () => fake.close() };
  }
  const real = await startRealKube(realOptions);
  const { proxy } = real;
  const kube: KubeUnderTest = {
    url: proxy.url,
    token: real.workerToken,
    kubeConfigYaml: real.kubeConfigYaml,
    requests: proxy.requests,
    schemaViolations: [],
    injectFault: proxy.injectFault,
    dropWatches: proxy.dropWatches,
    get openWatches() {
      return proxy.openWatches;
    },
    store: real.cluster.view,
  };
  return { tier, kube, cluster: real.cluster, real, close: real.close };
}
