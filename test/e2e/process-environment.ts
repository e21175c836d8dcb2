import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { projectRoot } from '../../dev/temporal-binary';
import {
  E2E_FOLLOW_HEARTBEAT_TIMEOUT_MS,
  e2eSettings,
  exampleAppId,
  taskQueue,
  webhookSecret,
  type Stack,
} from './stack';

/** The environment that points the real worker/api processes at the stack's stand-ins. */
export function environmentFor(stack: Stack, extra: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'kube-ci-e2e-'));
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  writeFileSync(kubeconfig, stack.kube.kubeConfigYaml());
  const configFile = join(dir, 'kube-ci.yaml');
  const { namespace, managedBy, tolerations, nodeSelector, buildBranches } = e2eSettings;
  writeFileSync(configFile, stringify({ namespace, managedBy, tolerations, nodeSelector, buildBranches }));
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '',
    KUBECI_CONFIG: configFile,
    KUBECI_TEMPORAL_CONFIG: join(projectRoot, 'temporal.yaml'),
    KUBECI_GITHUB_APP_ID: String(exampleAppId),
    KUBECI_GITHUB_PRIVATE_KEY: stack.github.privateKey,
    KUBECI_GITHUB_API_URL: stack.github.url,
    KUBECI_WEBHOOK_SECRET: webhookSecret,
    KUBECI_KUBECONFIG: kubeconfig,
    KUBECI_ARGO_UI_BASE: e2eSettings.argoUiBase,
    KUBECI_PROGRESS_INTERVAL: '200ms',
    KUBECI_FOLLOW_HEARTBEAT_TIMEOUT: `${E2E_FOLLOW_HEARTBEAT_TIMEOUT_MS}ms`,
    KUBECI_LOG_LEVEL: 'info',
    TEMPORAL_ADDRESS: stack.temporal.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    TEMPORAL_UI_BASE: 'http://temporal-ui.example',
    // no fixed metrics port: workers of parallel test files would collide on 9464 (a test passes its own)
    KUBECI_METRICS_PORT: '0',
    ...extra,
  };
}
