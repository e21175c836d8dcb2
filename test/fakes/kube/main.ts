/**
 * Standalone fake API server + Argo simulator, for crash tests and the dev playground.
 * Port from argv[2] or FAKE_KUBE_PORT (0 = any); prints one JSON line: {"url", "token", "kubeconfig"}.
 */
import { ArgoSimulator } from './argo-simulator';
import { startFakeKube } from './fake-kube';

const port = Number(process.argv[2] ?? process.env.FAKE_KUBE_PORT ?? 0);
const stepDelayMs = Number(process.env.FAKE_KUBE_STEP_DELAY_MS ?? 200);
const fake = await startFakeKube({
  port,
  ...(process.env.FAKE_KUBE_TOKEN ? { token: process.env.FAKE_KUBE_TOKEN } : {}),
});
const simulator = new ArgoSimulator(fake, stepDelayMs);
process.stdout.write(`${JSON.stringify({ url: fake.url, token: fake.token, kubeconfig: fake.kubeConfigYaml() })}\n`);

const shutdown = () => {
  simulator.stop();
  void fake.close().then(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
