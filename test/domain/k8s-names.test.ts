import { describe, expect, it } from 'vitest';
import { escape } from '../../domain/escape';
import { labelSafe, labelSafeLen } from '../../domain/label-safe';
import { wfName } from '../../domain/wf-name';
import { randomString, seededRandom } from './seeded-random';

const RFC1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const WORKFLOW_NAME = /^(([A-Za-z0-9][-A-Za-z0-9.]*)?[A-Za-z0-9])?$/;

/** The three properties the original's TestWFName/FuzzWFName check (SPEC B §21 N1–N8). */
function expectValidName(name: string): void {
  expect(name.length).toBeLessThanOrEqual(50);
  expect(name).toMatch(WORKFLOW_NAME);
  for (const part of name.split('.')) expect(part).toMatch(RFC1035_LABEL);
}

describe('escape', () => {
  it.each([
    ['feature/Foo_Bar', 'feature-foo-bar'],
    ['v1.2.3', 'v1-2-3'],
    ['123', ''],
    ['-my..bad..branch...name-', 'my--bad--branch---name'],
    ['a😀b', 'a-b'],
    ['', ''],
    ['ABC', 'abc'],
    ['9lives', 'lives'],
    ['x.-', 'x'],
  ])('escapes %j to %j', (input, expected) => {
    expect(escape(input)).toBe(expected);
  });

  it('lowercases per code point like Go (İ → i, Kelvin sign → k)', () => {
    expect(escape('İstanbul')).toBe('istanbul');
    expect(escape('\u212Aelvin')).toBe('kelvin');
  });

  it('turns each lone surrogate and astral code point into exactly one dash', () => {
    expect(escape('a\ud800b')).toBe('a-b');
    expect(escape('a😀😀b')).toBe('a--b');
  });
});

describe('labelSafe', () => {
  it('joins escaped non-empty parts with dots (SPEC B 8.10)', () => {
    expect(labelSafe('tcolgate', 'kube-ci', '', 'master', 'kube-ci.master')).toBe(
      'tcolgate.kube-ci.master.kube-ci-master',
    );
  });

  it('keeps the last 50 characters and strips the edges again', () => {
    expect(labelSafe('A' + '0'.repeat(50))).toBe('');
    const long = 'a'.repeat(30) + '.' + 'b'.repeat(30);
    expect(labelSafe('a'.repeat(30), 'b'.repeat(30))).toBe(long.slice(long.length - 50));
    expect(labelSafe('abc', '1' + 'b'.repeat(49))).toBe('b'.repeat(49));
  });

  it('honours a custom length', () => {
    expect(labelSafeLen(5, 'abcdefgh')).toBe('defgh');
    expect(labelSafeLen(5, 'abc', 'xy')).toBe('bc.xy');
    expect(labelSafeLen(3, 'abc', 'xy')).toBe('xy');
  });

  it.each([
    [['tcolgate', 'kube-ci', '', 'master', 'kube-ci.master']],
    [['ERBC-96-post-release-stripping-of-locale-null-from-the-db']],
    [['ERBC-967post-release-stripping-of-locale-null-from-the-db']],
  ])('L1–L3: gives RFC-1035 parts for %j', (parts) => {
    const result = labelSafe(...parts);
    expect(result).not.toBe('');
    expectValidName(result);
  });

  it('L4: any comma-split string gives "" or a valid name (seeds, corpus, 5000 random)', () => {
    const seeds = ['tcolgate', 'tcolgate,something', 'ERBC-96-post-release-stripping-of-locale-null-from-the-db'];
    for (const seed of seeds) expectValidName(labelSafe(...seed.split(',')));
    expect(labelSafe(...''.split(','))).toBe('');
    expect(labelSafe(...('A' + '0'.repeat(50)).split(','))).toBe('');
    const next = seededRandom(42);
    for (let i = 0; i < 5000; i++) {
      const result = labelSafe(...randomString(next, 80).split(','));
      if (result !== '') expectValidName(result);
    }
  });
});

describe('wfName', () => {
  const salt = 'ci/tcolgate/kube-ci/abc/default/suite-1';

  it.each([
    ['tcolgate', 'kube-ci', '', 'master', 'kube-ci.master'],
    [
      'qubitdigital',
      'atom-api',
      '',
      'ERBC-96-post-release-stripping-of-locale-null-from-the-db',
      'atom-api.erbc-96-post-release-stripping',
    ],
    ['tcolgate', 'kube-ci', 'deploy', 'master', 'kube-ci.deploy.master'],
    ['tcolgate', 'kube-ci', 'deploy:migrations', 'master', 'kube-ci.deploy-migratio.master'],
    [
      'myorg',
      'myrepo',
      '',
      'user-project-1234-some-really-long-branch-namme-from-some-dirt-bag-issue-tracking-system',
      'myrepo.user-project-1234-some-really-lon',
    ],
    [
      'tcolgate',
      'quite-long-repo-name',
      '',
      'user-project-1234-some-really-long-branch-namme-from-some-dirt-bag-issue-tracking-system',
      'quite-long-repo-name.user-project-1234-s',
    ],
    [
      'tcolgate',
      'quite-long-repo-name',
      'deploy:migrations',
      'user-project-1234-some-really-long-branch-namme-from-some-dirt-bag-issue-tracking-system',
      'quite-long-repo.deploy-migratio.user-pro',
    ],
  ])('N1–N7: (%s, %s, %j, %s) → %s.<hash>', (org, repo, entrypoint, ref, expected) => {
    const name = wfName({ org, repo, entrypoint, ref, salt });
    expectValidName(name);
    const parts = name.split('.');
    expect(parts.at(-1)).toMatch(/^x[-a-z0-9]{0,8}$/);
    expect(parts.slice(0, -1).join('.')).toBe(expected);
  });

  it('is deterministic for one salt and differs between salts and orgs', () => {
    const input = { org: 'o', repo: 'r', entrypoint: '', ref: 'main', salt: 'run-1' };
    expect(wfName(input)).toBe(wfName({ ...input }));
    expect(wfName(input)).not.toBe(wfName({ ...input, salt: 'run-2' }));
    expect(wfName(input)).not.toBe(wfName({ ...input, org: 'other' }));
  });

  it('N8: any four strings give a valid, non-empty name (seeds, corpus, 5000 random)', () => {
    const fixed: [string, string, string, string][] = [
      ['myorg', 'myrepo', '', 'master'],
      ['myorg', 'myrepo', 'deploy', 'master'],
      ['0', '0', 'A ', '0'],
    ];
    const next = seededRandom(7);
    const random = Array.from(
      { length: 5000 },
      () => [0, 0, 0, 0].map(() => randomString(next, 70)) as [string, string, string, string],
    );
    for (const [org, repo, entrypoint, ref] of [...fixed, ...random]) {
      const name = wfName({ org, repo, entrypoint, ref, salt: String(next()) });
      expect(name).not.toBe('');
      expectValidName(name);
    }
  });

  it('cuts a multi-byte entrypoint by UTF-8 bytes and spends the budget like Go', () => {
    // 13 × a + é + b is 15 characters but 16 bytes: the 15-byte cut ends on é (→ "-", stripped),
    // and the ref budget is 40 − (1 + 1) − (15 + 1) = 22 bytes.
    const name = wfName({ org: 'o', repo: 'r', entrypoint: 'a'.repeat(13) + 'éb', ref: 'z'.repeat(30), salt: 's' });
    expect(name.split('.').slice(0, -1)).toEqual(['r', 'a'.repeat(13), 'z'.repeat(22)]);
  });
});
