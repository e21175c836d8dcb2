/**
 * The operator's workflow policy: what a repository's pipeline may ask of the cluster. Plain data; the
 * decision is `checkWorkflowPolicy` (workflow-policy.ts). Every switch here is one setting in
 * config/schema.ts, whose environment variable is named by {@link PolicySetting}.
 */
export interface WorkflowPolicy {
  /** service accounts a pipeline may name; `*` = any; empty (default) = only the namespace default */
  serviceAccounts: string[];
  /** `automountServiceAccountToken: true` (false is always allowed: it removes a token) */
  allowServiceAccountToken: boolean;
  /** `hostPath` volumes */
  allowHostPath: boolean;
  /** `hostNetwork`, `hostPID`, `hostIPC` */
  allowHostNamespaces: boolean;
  /** `securityContext.privileged: true` and `allowPrivilegeEscalation: true` */
  allowPrivileged: boolean;
  /** `securityContext.capabilities.add` */
  allowCapabilities: boolean;
  /** `podSpecPatch` on the spec or a template (its content is still checked by the other rules) */
  allowPodSpecPatch: boolean;
  /** `resource:` templates (they act on the cluster with the workflow's service account) */
  allowResourceTemplates: boolean;
  /** `persistentVolumeClaim` volumes other than the run's own cache claim */
  allowOtherClaims: boolean;
  /** a `cacheName` annotation outside the repository's own cache names */
  allowOtherCaches: boolean;
}

/** Default: everything above refused, no service account but the namespace default. */
export const DEFAULT_WORKFLOW_POLICY: WorkflowPolicy = {
  serviceAccounts: [],
  allowServiceAccountToken: false,
  allowHostPath: false,
  allowHostNamespaces: false,
  allowPrivileged: false,
  allowCapabilities: false,
  allowPodSpecPatch: false,
  allowResourceTemplates: false,
  allowOtherClaims: false,
  allowOtherCaches: false,
};

/** Allows everything: the original kube-ci's behaviour (tests of unchanged Argo examples use it). */
export const PERMISSIVE_WORKFLOW_POLICY: WorkflowPolicy = {
  serviceAccounts: ['*'],
  allowServiceAccountToken: true,
  allowHostPath: true,
  allowHostNamespaces: true,
  allowPrivileged: true,
  allowCapabilities: true,
  allowPodSpecPatch: true,
  allowResourceTemplates: true,
  allowOtherClaims: true,
  allowOtherCaches: true,
};

/**
 * The environment variable of each policy setting, named in refusals so the reader knows what the operator
 * would change. config/schema.ts uses these constants, so the two cannot drift apart.
 */
export const PolicySetting = {
  serviceAccounts: 'KUBECI_POLICY_SERVICE_ACCOUNTS',
  allowServiceAccountToken: 'KUBECI_POLICY_ALLOW_SERVICE_ACCOUNT_TOKEN',
  allowHostPath: 'KUBECI_POLICY_ALLOW_HOST_PATH',
  allowHostNamespaces: 'KUBECI_POLICY_ALLOW_HOST_NAMESPACES',
  allowPrivileged: 'KUBECI_POLICY_ALLOW_PRIVILEGED',
  allowCapabilities: 'KUBECI_POLICY_ALLOW_CAPABILITIES',
  allowPodSpecPatch: 'KUBECI_POLICY_ALLOW_POD_SPEC_PATCH',
  allowResourceTemplates: 'KUBECI_POLICY_ALLOW_RESOURCE_TEMPLATES',
  allowOtherClaims: 'KUBECI_POLICY_ALLOW_OTHER_CLAIMS',
  allowOtherCaches: 'KUBECI_POLICY_ALLOW_OTHER_CACHES',
} as const satisfies Record<keyof WorkflowPolicy, string>;

/** A key path into the pipeline, e.g. `['spec', 'templates', 2, 'container']`. */
export type FieldPath = (string | number)[];

export interface PolicyViolation {
  /** dotted path, e.g. `spec.templates[2].container.securityContext.privileged` */
  path: string;
  /** the whole sentence for the check run, naming the path and the setting */
  message: string;
  /** environment variable of the setting that would allow it; absent when nothing can */
  setting?: string;
  /** the same path as keys, for finding the field's line in ci.yaml */
  keys: FieldPath;
}

/** `['spec', 'templates', 2, 'x']` → `spec.templates[2].x`; keys that are not identifiers are quoted: `annotations["a/b"]`. */
export function formatPath(keys: FieldPath): string {
  return keys
    .map((k, i) => {
      if (typeof k === 'number') return `[${k}]`;
      if (!/^[A-Za-z_$][\w$]*$/.test(k)) return `[${JSON.stringify(k)}]`;
      return i === 0 ? k : `.${k}`;
    })
    .join('');
}

/** What a refusal may add: the refused value, shown after the path, and a hint, shown after the setting. */
export interface RefusalDetail {
  value?: string;
  hint?: string;
}

/** A violation a setting can lift. */
export function refused(keys: FieldPath, setting: keyof WorkflowPolicy, detail: RefusalDetail = {}): PolicyViolation {
  const path = formatPath(keys);
  const env = PolicySetting[setting];
  const how = setting === 'serviceAccounts' ? `add it to ${env} to allow it` : `set ${env}=true to allow it`;
  const value = detail.value !== undefined ? ` (${detail.value})` : '';
  const hint = detail.hint !== undefined ? `; ${detail.hint}` : '';
  return { path, keys, setting: env, message: `${path}${value} is refused by the workflow policy (${how})${hint}` };
}

/** A violation no setting lifts (the pipeline must change). */
export function forbidden(keys: FieldPath, why: string): PolicyViolation {
  const path = formatPath(keys);
  return { path, keys, message: `${path} is refused by the workflow policy: ${why}` };
}
