import { KubeConfig } from '@kubernetes/client-node';

/** A KubeConfig from kubeconfig text (a file's contents, or the fake API server's). */
export function kubeConfigFromYaml(text: string): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(text);
  return kubeConfig;
}

/** In-cluster service account when running in a pod, else $KUBECONFIG / ~/.kube/config. */
export function defaultKubeConfig(): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  return kubeConfig;
}
