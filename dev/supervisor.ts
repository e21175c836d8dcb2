/**
 * The playground's children in one terminal: each output line prefixed with the child's name, an unexpected
 * exit reported (and the rest stopped), and an orderly stop on Ctrl-C / SIGTERM / SIGHUP.
 */
import { humanLogLine } from './log-lines';
import { describeExit, spawnNamed, type NamedChild } from './named-child';
import { projectRoot } from './temporal-binary';

/** Processes that call others stop first: API and worker, then Temporal, then the stand-ins they call. */
const stopOrder = [['api', 'worker'], ['temporal'], ['github', 'kube']];

export class Supervisor {
  readonly children: NamedChild[] = [];
  private stopping = false;

  /** @param onStopped runs after every child has exited, before the playground exits */
  constructor(private readonly onStopped: () => void) {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void this.shutdown(0));
    // Last resort if the playground itself dies: no child outlives it.
    process.on('exit', () => this.children.forEach((child) => child.isRunning() && child.process.kill('SIGKILL')));
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  print(name: string, text: string): void {
    for (const line of text.split('\n')) process.stdout.write(`${name.padEnd(10)}│ ${line}\n`);
  }

  say(text: string): void {
    this.print('playground', text);
  }

  /** Watches a started child: from now on its death while the playground runs stops the playground. */
  adopt(child: NamedChild): NamedChild {
    this.children.push(child);
    this.say(`started ${child.name} (pid ${child.pid})`);
    void child.exited.then(({ code, signal }) => {
      if (this.stopping) return;
      this.say(`${child.name} exited unexpectedly (${describeExit(code, signal)}): stopping the playground`);
      void this.shutdown(1);
    });
    return child;
  }

  /**
   * An entry point of this project with its pino lines made readable: TypeScript through tsx (worker/main.ts,
   * api/main.ts), or, with `built`, compiled JavaScript run by plain node (dist/worker/main.js).
   */
  startNode(name: string, entryAndArgs: string[], env: Record<string, string | undefined>, built = false): NamedChild {
    const args = built ? entryAndArgs : ['--import', 'tsx', ...entryAndArgs];
    const onLine = (line: string): void => this.print(name, humanLogLine(line));
    return this.adopt(spawnNamed({ name, command: process.execPath, args, cwd: projectRoot, env, onLine }));
  }

  async shutdown(exitCode: number): Promise<void> {
    // Ctrl-C under `npm run dev` arrives twice (from the terminal and relayed by tsx): the first one counts.
    if (this.stopping) return;
    this.stopping = true;
    this.say('stopping…');
    for (const names of stopOrder) {
      await Promise.all(this.children.filter((c) => names.includes(c.name)).map((c) => c.stop(15_000)));
    }
    this.onStopped();
    this.say('stopped');
    process.exit(exitCode);
  }
}
