/** The values the chart tests render with: the default values file plus the least an install needs, and the
 * Temporal Cloud example (with the Secrets its comments tell the operator to create). */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chartDir } from './helm';
import type { Secrets } from './pod-view';

const dir = mkdtempSync(join(tmpdir(), 'kube-ci-chart-'));
/** a real PEM key, as the App's would be */
export const appPrivateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs1', format: 'pem' })
  .toString();
writeFileSync(join(dir, 'app.pem'), appPrivateKey);

/** values.yaml as shipped, plus the App id and its two secrets (without them the chart stops, see the test) */
export const defaultArgs = [
  '--set',
  'github.appId=12345',
  '--set-file',
  `github.privateKey=${join(dir, 'app.pem')}`,
  '--set',
  'github.webhookSecret=hook-secret',
];

export const cloudArgs = ['-f', join(chartDir, 'examples/temporal-cloud.values.yaml')];

/** what the operator creates before installing with the Temporal Cloud example */
export const cloudSecrets: Secrets = {
  'kube-ci-github': { 'private-key.pem': appPrivateKey, 'webhook-secret': 'hook-secret' },
  'kube-ci-temporal-api-key': { 'api-key': 'cloud-api-key' },
};
