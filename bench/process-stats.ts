/**
 * Resident memory and CPU time of one process, read from Linux's /proc (`status` VmRSS, `stat` utime + stime
 * of all its threads): no library reads another process's figures without spawning `ps` per sample.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

export interface ProcessSample {
  /** resident set size, bytes */
  rssBytes: number;
  /** user + system CPU seconds since the process started */
  cpuSeconds: number;
  /** performance.now() of the reading */
  atMs: number;
}

/** One reading of `pid`; throws when the process is gone or this is not Linux. */
export function sampleProcess(pid: number): ProcessSample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN);
  // fields after the parenthesised command name (which may contain spaces): state is field 3, utime 14, stime 15
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssBytes: rssKb * 1024, cpuSeconds: ticks / clockTicks(), atMs: performance.now() };
}

/** CPU seconds used per second of wall clock between two readings of the same process. */
export function cpuPerSecond(from: ProcessSample, to: ProcessSample): number {
  return (to.cpuSeconds - from.cpuSeconds) / ((to.atMs - from.atMs) / 1000);
}
