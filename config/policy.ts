/** The workflow policy settings (`policy.*`, KUBECI_POLICY_*) as the domain's WorkflowPolicy. */
import type { WorkflowPolicy } from '../domain/workflow-policy-types';
import type { Values } from './schema';

export function policyFrom(v: Values): WorkflowPolicy {
  return {
    serviceAccounts: [...v.policyServiceAccounts],
    allowServiceAccountToken: v.policyAllowServiceAccountToken,
    allowHostPath: v.policyAllowHostPath,
    allowHostNamespaces: v.policyAllowHostNamespaces,
    allowPrivileged: v.policyAllowPrivileged,
    allowCapabilities: v.policyAllowCapabilities,
    allowPodSpecPatch: v.policyAllowPodSpecPatch,
    allowResourceTemplates: v.policyAllowResourceTemplates,
    allowOtherClaims: v.policyAllowOtherClaims,
    allowOtherCaches: v.policyAllowOtherCaches,
  };
}
