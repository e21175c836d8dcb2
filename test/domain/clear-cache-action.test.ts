import { describe, expect, it } from 'vitest';
import { clearCacheAction } from '../../domain/clear-cache-action';
import { pipeline, settingsWith } from './fixtures';

const button = (identifier: string) => ({
  label: 'Clear Cache',
  description: 'delete the cache volume for this build',
  identifier,
});

describe('clearCacheAction (SPEC B 11.7, 10.8, §21 A3–A5, G38)', () => {
  it('A3: no button without a cache', () => {
    expect(clearCacheAction(pipeline(), settingsWith())).toBeUndefined();
  });

  it('A4: cacheScope branch → clearCacheBranch', () => {
    const workflow = pipeline({ 'kube-ci.qutics.com/cacheScope': 'branch' });
    expect(clearCacheAction(workflow, settingsWith())).toEqual(button('clearCacheBranch'));
  });

  it('A5: cacheScope project → clearCache', () => {
    const workflow = pipeline({ 'kube-ci.qutics.com/cacheScope': 'project' });
    expect(clearCacheAction(workflow, settingsWith())).toEqual(button('clearCache'));
  });

  it('G38: a cache from cacheDefaults.scope gets its button too; the annotation wins, `none` turns it off', () => {
    const defaults = settingsWith({ cacheDefaults: { scope: 'branch', size: '1Gi', storageClassName: '' } });
    expect(clearCacheAction(pipeline(), defaults)).toEqual(button('clearCacheBranch'));
    expect(clearCacheAction(pipeline({ 'kube-ci.qutics.com/cacheScope': 'project' }), defaults)).toEqual(
      button('clearCache'),
    );
    expect(clearCacheAction(pipeline({ 'kube-ci.qutics.com/cacheScope': 'none' }), defaults)).toBeUndefined();
  });
});
