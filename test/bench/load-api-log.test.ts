import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiTimingsSince, logOffset } from '../../bench/load-api-log';

describe('apiTimingsSince', () => {
  it('sums up the run hand-offs logged after the offset, skipping other and cut lines', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kube-ci-api-log-')), 'api.log');
    writeFileSync(file, `${JSON.stringify({ msg: 'ci run started', handledMs: 9000, startMs: 9000 })}\n`);
    const offset = logOffset(file);
    const lines = Array.from({ length: 100 }, (_, i) =>
      JSON.stringify({ msg: i % 5 ? 'ci run started' : 'ci run already exists', handledMs: i + 11, startMs: i + 1 }),
    );
    lines.push(JSON.stringify({ msg: 'kube-ci api listening', port: 1 }), '{"msg":"ci run started","startMs":');
    appendFileSync(file, lines.join('\n'));
    expect(apiTimingsSince(file, offset)).toEqual({
      lines: 100,
      handledMs: { p50: 60, p99: 109 },
      startMs: { p50: 50, p99: 99 },
    });
  });
});
