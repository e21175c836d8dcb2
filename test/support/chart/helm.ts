/**
 * The Helm CLI for the chart tests, built from the Go module proxy by scripts/build-helm.sh (on first use by the
 * real-kube project's global setup, cached outside the clone). Helm's own caches and config go to a folder of
 * the test's, so a test never reads or writes the user's ~/.config/helm or repositories.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const chartDir = fileURLToPath(new URL('../../../deploy/chart', import.meta.url));
const buildScript = fileURLToPath(new URL('../../../scripts/build-helm.sh', import.meta.url));

export interface HelmResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A rendered object, as plain JSON. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

let helmHome: string | undefined;

/** The helm binary built by scripts/build-helm.sh; throws with the fix when it is missing. */
export function helmBinary(): string {
  const dir = spawnSync('bash', [buildScript, '--print-dir'], { encoding: 'utf8' }).stdout.trim();
  const binary = join(dir, 'helm');
  if (!existsSync(binary)) throw new Error(`${binary} is missing: build it with \`npm run build:helm\``);
  return binary;
}

/** Runs helm with `args`; never throws for a non-zero exit (the tests assert on it). */
export function helm(args: string[]): HelmResult {
  helmHome ??= mkdtempSync(join(tmpdir(), 'kube-ci-helm-'));
  const result = spawnSync(helmBinary(), args, {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: process.env.PATH ?? '',
      HELM_CACHE_HOME: join(helmHome, 'cache'),
      HELM_CONFIG_HOME: join(helmHome, 'config'),
      HELM_DATA_HOME: join(helmHome, 'data'),
    },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `helm template` of the chart as release `kube-ci` in namespace `kube-ci`; throws with helm's message on failure. */
export function renderChart(args: string[]): Manifest[] {
  const result = helm(['template', 'kube-ci', chartDir, '--namespace', 'kube-ci', ...args]);
  if (result.status !== 0) throw new Error(`helm template failed (${result.status}): ${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((doc): doc is Manifest => doc !== null);
}
