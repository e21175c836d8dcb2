import { describe, expect, it } from 'vitest';
import { workflowIdFor } from '../../domain/ids';
import { triggerWith } from './fixtures';

describe('workflowIdFor', () => {
  it('derives the id from repo, commit, entrypoint and run key', () => {
    const trigger = triggerWith({ sha: 'abc' });
    expect(workflowIdFor(trigger, 'suite-7')).toBe('ci/tcolgate/kube-ci/abc/default/suite-7');
    expect(workflowIdFor({ ...trigger, entrypoint: 'release' }, 'rerun-d1')).toBe(
      'ci/tcolgate/kube-ci/abc/release/rerun-d1',
    );
  });

  it('is the same for a redelivery and differs for a new request', () => {
    const trigger = triggerWith();
    expect(workflowIdFor(trigger, 'rerun-d1')).toBe(workflowIdFor(triggerWith(), 'rerun-d1'));
    expect(workflowIdFor(trigger, 'rerun-d1')).not.toBe(workflowIdFor(trigger, 'rerun-d2'));
  });

  it('encodes spaces, slashes and lone surrogates in segments', () => {
    const id = workflowIdFor(triggerWith({ sha: 'abc', entrypoint: 'deploy me/now\ud800' }), 'k');
    expect(id).toBe('ci/tcolgate/kube-ci/abc/deploy%20me%2Fnow%EF%BF%BD/k');
  });

  it('stays within 1000 characters and unique for very long inputs', () => {
    const a = workflowIdFor(triggerWith({ entrypoint: 'e'.repeat(2000) }), 'rerun-1');
    const b = workflowIdFor(triggerWith({ entrypoint: 'e'.repeat(2000) }), 'rerun-2');
    expect(a).toHaveLength(1000);
    expect(b).toHaveLength(1000);
    expect(a).not.toBe(b);
    expect(a).not.toMatch(/\s/);
  });
});
