/**
 * The local GitHub and Kubernetes + Argo stand-ins the tests use, started as processes for the playground,
 * and the files and environment that point the real worker and API at them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { spawnNamed, type NamedChild } from './named-child';
import { projectRoot } from './temporal-binary';

/** The App id in @octokit/webhooks-examples payloads, so the sample webhook is "for" this App. */
export const standInAppId = 29310;
export const standInWebhookSecret = 'playground-secret';
/** Argo Server's default port: where a local Argo UI would be (the stand-in has none). */
export const standInArgoUi = 'http://localhost:2746';

export interface StandIns {
  github: NamedChild;
  kube: NamedChild;
  githubUrl: string;
  kubeUrl: string;
  /** the environment for worker/main.ts and api/main.ts (config/ reads only these) */
  kubeCiEnv: Record<string, string>;
}

export interface StandInOptions {
  dataDir: string;
  /** how long the Argo simulator spends on each step (slow enough to watch) */
  stepDelayMs: number;
  onLine: (name: string, line: string) => void;
}

/** One JSON line on stdout is how the fakes say where they are (test/fakes/{github,kube}/main.ts). */
const isHandshake = (line: string): boolean => line.startsWith('{"url"');

export async function startStandIns(options: StandInOptions): Promise<StandIns> {
  mkdirSync(options.dataDir, { recursive: true });
  const keyFile = join(options.dataDir, 'stand-in-github-key.pem');
  const start = (name: string, entry: string, env: Record<string, string>): NamedChild =>
    spawnNamed({
      name,
      command: process.execPath,
      args: ['--import', 'tsx', entry],
      cwd: projectRoot,
      env: { ...process.env, ...env },
      onLine: (line) => {
        if (!isHandshake(line)) options.onLine(name, line);
      },
    });
  const github = start('github', 'test/fakes/github/main.ts', {
    FAKE_GITHUB_PORT: '0',
    FAKE_GITHUB_APP_ID: String(standInAppId),
    FAKE_GITHUB_KEY_FILE: keyFile,
  });
  const kube = start('kube', 'test/fakes/kube/main.ts', {
    FAKE_KUBE_PORT: '0',
    FAKE_KUBE_STEP_DELAY_MS: String(options.stepDelayMs),
  });
  try {
    const [githubHello, kubeHello] = await Promise.all([
      github.waitForLine(isHandshake, 30_000),
      kube.waitForLine(isHandshake, 30_000),
    ]);
    const githubInfo = JSON.parse(githubHello) as { url: string; privateKeyFile: string };
    const kubeInfo = JSON.parse(kubeHello) as { url: string; kubeconfig: string };
    const kubeconfigFile = join(options.dataDir, 'stand-in-kubeconfig.yaml');
    writeFileSync(kubeconfigFile, kubeInfo.kubeconfig, { mode: 0o600 });
    const configFile = join(options.dataDir, 'stand-in-kube-ci.yaml');
    // Every branch builds, so the sample commit runs whatever branch its payload names.
    writeFileSync(
      configFile,
      `# written by npm run dev for the stand-ins\n${stringify({ namespace: 'argo', buildBranches: '.*' })}`,
    );
    return {
      github,
      kube,
      githubUrl: githubInfo.url,
      kubeUrl: kubeInfo.url,
      kubeCiEnv: {
        KUBECI_CONFIG: configFile,
        KUBECI_GITHUB_APP_ID: String(standInAppId),
        KUBECI_GITHUB_KEY_FILE: githubInfo.privateKeyFile,
        KUBECI_GITHUB_API_URL: githubInfo.url,
        KUBECI_WEBHOOK_SECRET: standInWebhookSecret,
        KUBECI_KUBECONFIG: kubeconfigFile,
        KUBECI_ARGO_UI_BASE: standInArgoUi,
        // progress shows up on the check run while a person watches
        KUBECI_PROGRESS_INTERVAL: '1s',
        // Ctrl-C should stop the playground at once; there is no load balancer to drain
        KUBECI_GRACE_SHUTDOWN: '0s',
      },
    };
  } catch (error) {
    await Promise.all([github.stop(2000), kube.stop(2000)]);
    throw error;
  }
}
