import { describe, expect, it } from 'vitest';
import { planCacheVolume } from '../../domain/cache-volume';
import { pipeline, settingsWith } from './fixtures';

const owner = { org: 'myorg', repo: 'myrepo', branch: 'mybranch' };
const P = 'kube-ci.qutics.com';

describe('planCacheVolume', () => {
  it('plans no volume when the scope is "" or none', () => {
    expect(planCacheVolume(pipeline(), settingsWith(), owner)).toEqual({ kind: 'none' });
    expect(
      planCacheVolume(
        pipeline({ [`${P}/cacheScope`]: 'none' }),
        settingsWith({ cacheDefaults: { scope: 'project', size: '1Gi', storageClassName: '' } }),
        owner,
      ),
    ).toEqual({ kind: 'none' });
  });

  it('names and labels a project cache like the original (ci-project-myorg-myrepo-xwjbveo1w)', () => {
    const plan = planCacheVolume(
      pipeline({ [`${P}/cacheScope`]: 'project', [`${P}/cacheSize`]: '20Gi' }),
      settingsWith(),
      owner,
    );
    expect(plan).toEqual({
      kind: 'volume',
      name: 'ci-project-myorg-myrepo-xwjbveo1w',
      labels: { managedBy: 'kube-ci', org: 'myorg', repo: 'myrepo', scope: 'project' },
      annotations: { [`${P}/repo`]: 'myrepo', [`${P}/org`]: 'myorg' },
      storage: '20Gi',
    });
  });

  it('names a branch cache ci-branch-myorg-myrepo-xwrcxz-4u with cacheHash and branch annotation', () => {
    const settings = settingsWith({
      cacheDefaults: { scope: 'branch', size: '5Gi', storageClassName: 'standard-new' },
    });
    expect(planCacheVolume(pipeline(), settings, owner)).toEqual({
      kind: 'volume',
      name: 'ci-branch-myorg-myrepo-xwrcxz-4u',
      labels: { managedBy: 'kube-ci', org: 'myorg', repo: 'myrepo', scope: 'branch', cacheHash: 'xwrcxz-4u' },
      annotations: { [`${P}/repo`]: 'myrepo', [`${P}/org`]: 'myorg', [`${P}/branch`]: 'mybranch' },
      storage: '5Gi',
      storageClassName: 'standard-new',
    });
  });

  it('lets annotations override every default, the annotation prefix included', () => {
    const settings = settingsWith({
      annotationPrefix: 'ci.example.com',
      cacheDefaults: { scope: 'branch', size: '5Gi', storageClassName: 'slow' },
    });
    const workflow = pipeline({
      'ci.example.com/cacheScope': 'project',
      'ci.example.com/cacheSize': '1Gi',
      'ci.example.com/cacheStorageClassName': 'fast',
    });
    expect(planCacheVolume(workflow, settings, owner)).toMatchObject({
      kind: 'volume',
      name: 'ci-project-myorg-myrepo-xwjbveo1w',
      storage: '1Gi',
      storageClassName: 'fast',
      annotations: { 'ci.example.com/org': 'myorg' },
    });
  });

  it.each([
    [
      'an unknown scope',
      { [`${P}/cacheScope`]: 'global', [`${P}/cacheSize`]: '1Gi' },
      'scope should be either none, branch or project',
    ],
    [
      'a missing size',
      { [`${P}/cacheScope`]: 'project' },
      'cannot determine cache size, set a default or specify a "kube-ci.qutics.com/cacheSize" annotation',
    ],
    [
      'a size that is no quantity',
      { [`${P}/cacheScope`]: 'project', [`${P}/cacheSize`]: 'lots' },
      'cache size "lots" is not a valid quantity (e.g. 20Gi)',
    ],
  ])('is an error for %s', (_name, annotations, message) => {
    expect(planCacheVolume(pipeline(annotations), settingsWith(), owner)).toEqual({ kind: 'error', message });
  });

  it('uses cacheName as the name when it can create the volume', () => {
    const plan = planCacheVolume(
      pipeline({ [`${P}/cacheName`]: 'shared-cache', [`${P}/cacheScope`]: 'project', [`${P}/cacheSize`]: '1Gi' }),
      settingsWith(),
      owner,
    );
    expect(plan).toMatchObject({ kind: 'volume', name: 'shared-cache', storage: '1Gi' });
  });

  it.each([
    ['no scope', { [`${P}/cacheName`]: 'shared-cache' }, 'no cache scope is set'],
    ['no size', { [`${P}/cacheName`]: 'shared-cache', [`${P}/cacheScope`]: 'branch' }, 'cannot determine cache size'],
  ])('uses an existing cacheName volume without %s (G37)', (_name, annotations, why) => {
    const plan = planCacheVolume(pipeline(annotations), settingsWith(), owner);
    expect(plan).toMatchObject({ kind: 'existing-volume', name: 'shared-cache' });
    if (plan.kind === 'existing-volume') expect(plan.missingMessage).toContain(why);
  });
});
