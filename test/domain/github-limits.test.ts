import { describe, expect, it } from 'vitest';
import { fitCheckRunBody, fitCheckRunName, GitHubLimits } from '../../domain/github-limits';
import { byteLength } from '../../domain/truncate-text';

const note = /… \(truncated by kube-ci: \d+ characters dropped\)$/;

describe('fitCheckRunBody', () => {
  it('leaves a body within the limits unchanged, other fields included', () => {
    const body = {
      name: 'Workflow - build',
      head_sha: 'abc',
      status: 'completed',
      output: { title: 't', summary: 's', text: 'x', annotations: [{ path: 'a', message: 'm', start_line: 1 }] },
      actions: [{ label: 'Clear Cache', description: 'delete the cache', identifier: 'clearCache' }],
    };
    expect(fitCheckRunBody(body)).toEqual(body);
  });

  it('cuts every text to its GitHub limit, with a note where one fits', () => {
    const body = fitCheckRunBody({
      name: 'n'.repeat(1000),
      output: {
        title: 't'.repeat(1000),
        summary: 's'.repeat(200_000),
        text: '€'.repeat(30_000),
        annotations: [
          { path: 'a.go', message: 'm'.repeat(100_000), title: 'T'.repeat(300), raw_details: 'r'.repeat(70_000) },
          { path: 'b.go', message: 'short' },
        ],
      },
      actions: [{ label: 'L'.repeat(30), description: 'D'.repeat(50), identifier: 'I'.repeat(30) }],
    });
    expect(body.name).toHaveLength(GitHubLimits.name);
    expect(body.name).toMatch(/^n+ … \(truncated by kube-ci: \d+ characters dropped\)$/);
    expect(body.output.title).toHaveLength(GitHubLimits.title);
    expect(body.output.title).not.toContain('\n');
    expect(body.output.summary.length).toBeLessThanOrEqual(GitHubLimits.text);
    expect(body.output.summary).toMatch(note);
    expect(byteLength(body.output.text)).toBeLessThanOrEqual(GitHubLimits.text);
    expect(body.output.text).toMatch(note);
    const [first, second] = body.output.annotations;
    expect(byteLength(first!.message)).toBeLessThanOrEqual(GitHubLimits.annotationBytes);
    expect(first!.message).toMatch(note);
    expect(first!.title).toHaveLength(GitHubLimits.annotationTitle);
    expect(byteLength(first!.raw_details!)).toBeLessThanOrEqual(GitHubLimits.annotationBytes);
    expect(first!.path).toBe('a.go');
    expect(second).toEqual({ path: 'b.go', message: 'short' });
    expect(body.actions[0]).toEqual({
      label: 'L'.repeat(19) + '…',
      description: 'D'.repeat(39) + '…',
      identifier: 'I'.repeat(20),
    });
  });

  it('names what it will search for the same way it names what it sends', () => {
    const long = 'x'.repeat(300);
    expect(fitCheckRunName(long)).toBe(fitCheckRunBody({ name: long }).name);
    expect(fitCheckRunName('short')).toBe('short');
  });
});
