import type { KubeConfig } from '@kubernetes/client-node';
import { kubeConfigFromYaml } from '../../../activities/kubernetes/kube-config';
import type { FakeKube } from './fake-kube';

/** A real client-node KubeConfig aimed at the fake API server, for `createKubeGateway(kc)`. */
export function kubeConfigForFake(fake: Pick<FakeKube, 'kubeConfigYaml'>, namespace = 'default'): KubeConfig {
  return kubeConfigFromYaml(fake.kubeConfigYaml(namespace));
}
