/**
 * API clients whose every request is counted (metrics/kubernetes.ts). The same configuration
 * `KubeConfig.makeApiClient` builds (client-node 1.x config.js: the cluster's server, the KubeConfig as the
 * default auth method), with client-node's default HTTP library wrapped: that is the one place that sees the
 * method, the URL and the status of each request together (a middleware sees the request or the response,
 * never both).
 */
import {
  createConfiguration,
  IsomorphicFetchHttpLibrary,
  ServerConfiguration,
  wrapHttpLibrary,
  type Configuration,
  type KubeConfig,
} from '@kubernetes/client-node';
import { kubeRequestInfo, recordKubernetesRequest } from '../../metrics/kubernetes';

export function makeMeasuredApiClient<T>(kubeConfig: KubeConfig, api: new (config: Configuration) => T): T {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('No active cluster!');
  const inner = new IsomorphicFetchHttpLibrary();
  const httpApi = wrapHttpLibrary({
    async send(request) {
      const info = kubeRequestInfo(request.getHttpMethod().toString(), request.getUrl());
      try {
        const response = await inner.send(request).toPromise();
        recordKubernetesRequest(info, response.httpStatusCode);
        return response;
      } catch (error) {
        recordKubernetesRequest(info, 'error');
        throw error;
      }
    },
  });
  return new api(
    createConfiguration({
      baseServer: new ServerConfiguration(cluster.server, {}),
      authMethods: { default: kubeConfig },
      httpApi,
    }),
  );
}
