import type { ArgoWorkflow } from './types';

/**
 * The node's logs in the Argo UI, as the original builds it (SPEC B 14.2): Go's `url.Values.Encode`, keys
 * sorted, values query-escaped (`:` → `%3A`, space → `+`).
 */
export function nodeLogUrl(argoUiBase: string, workflow: ArgoWorkflow, nodeId: string): string {
  const base = `${argoUiBase.replace(/\/+$/, '')}/workflows/${workflow.metadata.namespace ?? ''}/${workflow.metadata.name ?? ''}`;
  const query = { nodeId, sidePanel: `logs:${nodeId}:main`, tab: 'workflow' };
  return `${base}?${Object.entries(query)
    .map(([k, v]) => `${goQueryEscape(k)}=${goQueryEscape(v)}`)
    .join('&')}`;
}

/** Go's `url.QueryEscape`: everything but `A-Za-z0-9-_.~` is %-escaped, and space is `+`. */
function goQueryEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}
