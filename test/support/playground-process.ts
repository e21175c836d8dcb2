import type { ChildProcess } from 'node:child_process';

/** The newcomer's environment: no kube-ci or Temporal settings at all. */
export function newcomerEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(KUBECI_|TEMPORAL_)/.test(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

/** Resolves once `output()` contains `text`; rejects when the child exits first or time runs out. */
export function waitForOutput(
  child: ChildProcess,
  output: () => string,
  text: string,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (output().includes(text)) done(resolve);
      else if (child.exitCode !== null)
        done(() => reject(new Error(`exited (${child.exitCode}) before printing ${text}:\n${output()}`)));
    }, 100);
    const deadline = setTimeout(
      () => done(() => reject(new Error(`no ${JSON.stringify(text)} within ${timeoutMs} ms:\n${output()}`))),
      timeoutMs,
    );
    const done = (finish: () => void): void => {
      clearInterval(timer);
      clearTimeout(deadline);
      finish();
    };
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
