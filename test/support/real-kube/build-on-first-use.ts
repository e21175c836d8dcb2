import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const buildScript = fileURLToPath(new URL('../../../scripts/build-kube.sh', import.meta.url));

/**
 * Vitest global setup of the real-Kubernetes tier: etcd and kube-apiserver are built from the Go module proxy
 * the first time the tier runs (minutes; the build prints its progress), into a cache outside the clone, and
 * found there every time after (scripts/build-kube.sh skips a build whose pinned binaries exist). Never
 * silently missing: a failed build stops the tier with the build's own output.
 */
export default function buildKubeOnFirstUse(): void {
  const result = spawnSync('bash', [buildScript], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0)
    throw new Error(`scripts/build-kube.sh failed (exit ${result.status}): see its output above`);
}
