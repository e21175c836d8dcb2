import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { percentile } from './stats';

/** Where the API's time went for one phase's deliveries, from its own log lines (`ci run started` / `already exists`). */
export interface ApiTimings {
  /** log lines found (one per answered run delivery) */
  lines: number;
  /** route entered → start returned (body read, HMAC, parse, decision and the start), p50 / p99 ms */
  handledMs: { p50: number; p99: number };
  /** the Temporal start call alone (startOnce: its checks and retry included), p50 / p99 ms */
  startMs: { p50: number; p99: number };
}

/** The byte length of `file` now: where the next phase's lines begin. */
export const logOffset = (file: string): number => statSync(file).size;

/** Reads the API's log lines written since `offset` and sums up the timings its run hand-offs carry. */
export function apiTimingsSince(file: string, offset: number): ApiTimings {
  const size = statSync(file).size;
  const buffer = Buffer.alloc(Math.max(0, size - offset));
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  const handled: number[] = [];
  const start: number[] = [];
  for (const line of buffer.toString('utf8').split('\n')) {
    if (!line.includes('"startMs"')) continue;
    try {
      const entry = JSON.parse(line) as { handledMs?: unknown; startMs?: unknown };
      if (typeof entry.handledMs === 'number' && typeof entry.startMs === 'number') {
        handled.push(entry.handledMs);
        start.push(entry.startMs);
      }
    } catch {
      // a line cut by the read: the phase is over, so only a partial last line can be
    }
  }
  const figures = (values: number[]) => {
    const sorted = values.sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  };
  return { lines: handled.length, handledMs: figures(handled), startMs: figures(start) };
}
