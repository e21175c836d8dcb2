import { fork, type ChildProcess } from 'node:child_process';
import type { LoadJob, LoadSample } from './load-sender';

/** The load generator's process (bench/load-sender.ts), one job at a time. */
export interface LoadDriver {
  run(job: LoadJob): Promise<LoadSample[]>;
  /** kills the sender; safe to call twice and after it died */
  stop(): void;
}

type Reply = { ok: true; samples: LoadSample[] } | { ok: false; error: string };

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
  return {
    async run(job) {
      const reply = new Promise<Reply>((resolve) => child.once('message', (m) => resolve(m as Reply)));
      child.send(job);
      const answer = await Promise.race([reply, exited]);
      if (!answer.ok) throw new Error(`load sender failed: ${answer.error}`);
      return answer.samples;
    },
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
