import { fork, type ChildProcess } from 'node:child_process';
import type { LoadJob, LoadSample, StartJob } from './load-sender';

/** The load generator's process (bench/load-sender.ts), one job at a time. */
export interface LoadDriver {
  run(job: LoadJob): Promise<LoadSample[]>;
  /** an HTTP job with bare starts alongside (`job.probe`): both sets of samples */
  runWithProbe(job: LoadJob): Promise<{ samples: LoadSample[]; probe: LoadSample[] }>;
  /** kills the sender; safe to call twice and after it died */
  stop(): void;
}

type Reply = { ok: true; samples: LoadSample[]; probe?: LoadSample[] } | { ok: false; error: string };

/** Forks the sender under tsx (its own event loop and CPU time slice, see load-sender.ts). */
export function startLoadDriver(): LoadDriver {
  const child: ChildProcess = fork(new URL('./load-sender.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`load sender exited (${signal ?? code})`))),
  );
  exited.catch(() => undefined);
  const send = async (job: LoadJob) => {
    const reply = new Promise<Reply>((resolve) => child.once('message', (m) => resolve(m as Reply)));
    child.send(job);
    const answer = await Promise.race([reply, exited]);
    if (!answer.ok) throw new Error(`load sender failed: ${answer.error}`);
    return answer;
  };
  return {
    run: async (job) => (await send(job)).samples,
    async runWithProbe(job) {
      const { samples, probe } = await send(job);
      return { samples, probe: probe ?? [] };
    },
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** `count` bare starts at `rate` of a 10 KB input, on a task queue nothing polls (`tag` keeps their ids apart). */
export const bareStartJob = (address: string, rate: number, count: number, tag: string): StartJob => ({
  kind: 'start',
  address,
  namespace: 'default',
  taskQueue: 'kube-ci-bench-load-unpolled',
  workflowType: 'loadBaselineWorkflow',
  idPrefix: `load-bare-${tag}-${Date.now()}`,
  rate,
  count,
  inputBytes: 10 * 1024,
  timeoutMs: 10_000,
});
