import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const buildScripts = ['build-kube.sh', 'build-helm.sh'].map((script) =>
  fileURLToPath(new URL(`../../../scripts/${script}`, import.meta.url)),
);

/**
 * Vitest global setup of the real-Kubernetes tier: etcd and kube-apiserver (scripts/build-kube.sh), and helm
 * for the chart tests (scripts/build-helm.sh), are built from the Go module proxy the first time the tier runs
 * (minutes; the builds print their progress), into a cache outside the clone, and found there every time after
 * (each script skips a build whose pinned binaries exist). Never silently missing: a failed build stops the
 * tier with the build's own output.
 */
export default function buildKubeOnFirstUse(): void {
  for (const script of buildScripts) {
    const result = spawnSync('bash', [script], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) throw new Error(`${script} failed (exit ${result.status}): see its output above`);
  }
}
