import { KubeConfig } from '@kubernetes/client-node';

/** A KubeConfig from kubeconfig text (a file's contents, or the fake API server's). */
export function kubeConfigFromYaml(text: string): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(text);
  return kubeConfig;
}

/** The pod's service account: what an empty `KUBECI_KUBECONFIG` means, as documented. */
export function inClusterKubeConfig(): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromCluster();
  return kubeConfig;
}
