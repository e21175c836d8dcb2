import type { ServerResponse } from 'node:http';
import { sendStatus } from './http-util';
import { Status, type StatusCause } from './status';

/**
 * GET pods/{name}/log with `tailLines` and `limitBytes`, as the API server and kubelet apply them
 * (PodLogOptions, k8s.io/api/core/v1): `tailLines` keeps the last N lines of the log ("the number of lines
 * from the end of the logs to show"), then `limitBytes` ends the output after that many bytes ("This may not
 * display a complete final line", a multi-byte character may be cut too). Values that are not integers fail
 * to decode (400 BadRequest); a negative `tailLines` or a `limitBytes` below 1 fail ValidatePodLogOptions
 * (422 Invalid, with the field causes). The real server may return "slightly more or slightly less" than
 * `limitBytes`; the fake cuts exactly, the strictest reading.
 */
export function sendPodLog(res: ServerResponse, pod: string, text: string, query: URLSearchParams): void {
  const tailLines = integerParam(query, 'tailLines');
  const limitBytes = integerParam(query, 'limitBytes');
  if (tailLines === 'bad' || limitBytes === 'bad') {
    const name = tailLines === 'bad' ? 'tailLines' : 'limitBytes';
    return sendStatus(res, Status.badRequest(`couldn't decode parameter ${name}: invalid syntax`));
  }
  const causes: StatusCause[] = [];
  if (tailLines !== undefined && tailLines < 0) {
    causes.push(cause('tailLines', `Invalid value: ${tailLines}: must be greater than or equal to 0`));
  }
  if (limitBytes !== undefined && limitBytes < 1) {
    causes.push(cause('limitBytes', `Invalid value: ${limitBytes}: must be greater than 0`));
  }
  if (causes.length > 0) {
    return sendStatus(res, Status.invalid({ group: '', plural: 'pods', kind: 'PodLogOptions', name: pod }, causes));
  }
  let bytes = Buffer.from(tailLines === undefined ? text : lastLines(text, tailLines), 'utf8');
  if (limitBytes !== undefined && bytes.length > limitBytes) bytes = bytes.subarray(0, limitBytes);
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': bytes.length });
  res.end(bytes);
}

/** The last `n` lines, each with its newline; a final line without one counts as a line. */
export function lastLines(text: string, n: number): string {
  if (n === 0) return '';
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  return lines.slice(Math.max(0, lines.length - n)).join('');
}

function integerParam(query: URLSearchParams, name: string): number | undefined | 'bad' {
  const raw = query.get(name);
  if (raw === null) return undefined;
  return /^-?\d+$/.test(raw) ? Number(raw) : 'bad';
}

function cause(field: string, message: string): StatusCause {
  return { reason: 'FieldValueInvalid', message, field };
}
