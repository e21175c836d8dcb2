import { gunzipSync } from 'node:zlib';
import type { ArgoNode, ArgoWorkflow } from '../domain/types';

/**
 * The workflow's node map, whether Argo stored it inline or compressed (`status.compressedNodes`,
 * gzip + base64, used by the controller for large workflows). Offloaded node status lives in Argo's own
 * database and is not reachable through the Kubernetes API: it reads as no nodes.
 */
export function nodesOf(workflow: ArgoWorkflow): Record<string, ArgoNode> {
  const status = workflow.status;
  if (status?.nodes) return status.nodes;
  if (status?.compressedNodes) {
    const json = gunzipSync(Buffer.from(status.compressedNodes, 'base64')).toString('utf8');
    return JSON.parse(json) as Record<string, ArgoNode>;
  }
  return {};
}
