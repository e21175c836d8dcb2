/** pino's numeric levels, as the API and worker write them */
const levelNames: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
/** fields every pino line carries; repeating them on each line would bury the message */
const routineFields = new Set(['level', 'time', 'pid', 'hostname', 'process', 'msg']);

/** The `msg` of a pino JSON line, or undefined for any other line. */
export function pinoMessage(line: string): string | undefined {
  const entry = parsePino(line);
  return entry ? String(entry['msg']) : undefined;
}

/**
 * One pino JSON line as a person reads it: `INFO kube-ci api listening port=8080`. Nested objects (the
 * whole configuration at start) are left out except an error's message; other lines pass unchanged.
 */
export function humanLogLine(line: string): string {
  const entry = parsePino(line);
  if (!entry) return line;
  const level = levelNames[Number(entry['level'])] ?? String(entry['level']);
  const details: string[] = [];
  for (const [key, value] of Object.entries(entry)) {
    if (routineFields.has(key)) continue;
    if (value !== null && typeof value === 'object') {
      const message = (value as { message?: unknown }).message;
      if (typeof message === 'string') details.push(`${key}=${JSON.stringify(message)}`);
      continue;
    }
    details.push(`${key}=${typeof value === 'string' && /\s/.test(value) ? JSON.stringify(value) : String(value)}`);
  }
  const [firstLine = '', ...moreLines] = String(entry['msg']).split('\n');
  // Multi-line info (the workflow bundler's webpack report) is noise to a newcomer; warnings and errors stay whole.
  const message =
    Number(entry['level']) >= 40 || moreLines.length === 0
      ? String(entry['msg'])
      : `${firstLine} (${moreLines.length} more lines)`;
  return [level, message, ...details].join(' ');
}

function parsePino(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const entry = JSON.parse(line) as unknown;
    if (entry && typeof entry === 'object' && 'msg' in entry && 'level' in entry)
      return entry as Record<string, unknown>;
  } catch {
    // not JSON after all: shown as it is
  }
  return undefined;
}
