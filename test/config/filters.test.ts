import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiConfig } from '../../config/slices';
import { loadOk, loadProblems, minimalEnv } from './memory-files';

describe('installation ids file', () => {
  it('reads one id per line, trimming lines and skipping blank ones', () => {
    const { config } = loadOk({
      env: { ...minimalEnv, KUBECI_IDS_FILE: '/ids' },
      files: { '/ids': '  593693 \n\n12\r\n   \n7\n' },
    });
    expect(config.filters.installationIds).toEqual([593693, 12, 7]);
  });

  it('names the file and line of every entry that is not an integer', () => {
    const problems = loadProblems({
      env: { ...minimalEnv, KUBECI_IDS_FILE: '/ids' },
      files: { '/ids': '1\nabc\n2\n3.5\n' },
    });
    expect(problems).toEqual([
      'KUBECI_IDS_FILE (/ids): line 2: "abc" is not an installation id (an integer)',
      'KUBECI_IDS_FILE (/ids): line 4: "3.5" is not an installation id (an integer)',
    ]);
  });

  it('reports an ids file that cannot be read, naming the flag it came from', () => {
    expect(loadProblems({ argv: ['-idsfile', '/missing'] })).toEqual([
      'flag -idsfile: cannot read the installation ids file "/missing": ENOENT',
    ]);
  });

  it('is not read by the worker, which does not filter webhooks', () => {
    const { config } = loadOk({ env: { ...minimalEnv, KUBECI_IDS_FILE: '/missing' }, role: 'worker' });
    expect(config.filters.installationIds).toEqual([]);
  });
});

describe('orgs regex', () => {
  it.each([
    ['myorg', '^(?:myorg)$'],
    ['^myorg', '^(?:myorg)$'],
    ['myorg$', '^(?:myorg)$'],
    ['^(a|b)$', '^(?:(a|b))$'],
    // grouped, unlike the original's `^a|b$`, which matched any owner starting with a or ending with b
    ['a|b', '^(?:a|b)$'],
    ['^a|b', '^(?:a|b)$'],
    ['^acme|acme-labs$', '^(?:acme|acme-labs)$'],
    ['(?i)acme', '(?i)^(?:acme)$'],
    ['acme\\$', '^(?:acme\\$)$'],
    ['acme\\\\$', '^(?:acme\\\\)$'],
    ['\\Qa.b', '^(?:\\Qa.b\\E)$'],
    ['', ''],
  ])('anchors %j as %j', (given, anchored) => {
    const { config } = loadOk({ env: { ...minimalEnv, KUBECI_ORGS: given } });
    expect(config.filters.orgs).toBe(given === '' ? '' : anchored);
  });

  it('anchors an alternation that anchors its own ends as a whole: ^acme|acme-labs$ refuses acme-evil', () => {
    const { config } = loadOk({ env: { ...minimalEnv, KUBECI_ORGS: '^acme|acme-labs$' } });
    const orgs = apiConfig(config).webhook.allowedOrgs!;
    expect(['acme', 'acme-labs'].map((o) => orgs.test(o))).toEqual([true, true]);
    expect(['acme-evil', 'evil-acme-labs', 'acmeacme-labs', 'acme\nx'].map((o) => orgs.test(o))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('keeps an escaped trailing dollar literal and still anchors', () => {
    const { config } = loadOk({ env: { ...minimalEnv, KUBECI_ORGS: 'acme\\$' } });
    const orgs = apiConfig(config).webhook.allowedOrgs!;
    expect([orgs.test('acme$'), orgs.test('acme'), orgs.test('acme$x')]).toEqual([true, false, false]);
  });

  it('refuses (?m), which would let ^ and $ match inside a name', () => {
    expect(loadProblems({ env: { ...minimalEnv, KUBECI_ORGS: '(?m)acme' } })).toEqual([
      expect.stringMatching(/^KUBECI_ORGS: the \(\?m\) flag is not allowed here/),
    ]);
  });

  it('matches exactly the listed owners, however the list is written (fast-check)', () => {
    const owner = fc.stringMatching(/^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,12}$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(owner, { minLength: 1, maxLength: 4 }),
        owner,
        fc.boolean(),
        fc.boolean(),
        (listed, candidate, caret, dollar) => {
          const written = `${caret ? '^' : ''}${listed.join('|')}${dollar ? '$' : ''}`;
          const { config } = loadOk({ env: { ...minimalEnv, KUBECI_ORGS: written } });
          const orgs = apiConfig(config).webhook.allowedOrgs!;
          for (const name of listed) expect(orgs.test(name)).toBe(true);
          expect(orgs.test(candidate)).toBe(listed.includes(candidate));
          expect(orgs.test(`${listed[0]}-evil`)).toBe(listed.includes(`${listed[0]}-evil`));
          expect(orgs.test(`evil-${listed.at(-1)}`)).toBe(listed.includes(`evil-${listed.at(-1)}`));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('compiles to a RegExp in the API slice that matches whole owners only', () => {
    const { config } = loadOk({ env: { ...minimalEnv, KUBECI_ORGS: 'qubit|tcolgate' } });
    const orgs = apiConfig(config).webhook.allowedOrgs!;
    expect(['qubit', 'tcolgate'].map((o) => orgs.test(o))).toEqual([true, true]);
    expect(['qubitdigital', 'not-qubit'].map((o) => orgs.test(o))).toEqual([false, false]);
  });

  it('rejects a regex that does not compile', () => {
    expect(loadProblems({ env: { ...minimalEnv, KUBECI_ORGS: 'a(b' } })).toEqual([
      expect.stringMatching(/^KUBECI_ORGS: invalid regex `a\(b`/),
    ]);
  });

  it('gives no org filter when none is set', () => {
    expect(apiConfig(loadOk({}).config).webhook).not.toHaveProperty('allowedOrgs');
  });
});
