import { describe, expect, it } from 'vitest';
import { resolveModuleUrl, type ModuleOrigin } from '../../pipeline/module-url';

const origin: ModuleOrigin = { owner: 'acme', repo: 'app', ref: 'c0ffee' };
const entry = 'context:///ci.star';
const lib = 'context:///lib/util.star';
const other = 'github://tools.acme/lib/a.star?ref=v1';
const otherDefault = 'github://tools.acme/lib/a.star';
const web = 'https://raw.example.com/x/y.star';

// [name, from, expected canonical URL | { error: substring }]
const table: [string, string, string | { error: string }][] = [
  // relative names, against the context
  ['lib/util.star', entry, 'context:///lib/util.star'],
  ['/test.star', lib, 'context:///test.star'],
  ['helpers.star', lib, 'context:///lib/helpers.star'],
  ['../ci.star', lib, 'context:///ci.star'],
  ['///root.star', lib, 'context:///root.star'],
  ['context:///sub/a.star', other, 'context:///sub/a.star'],
  // builtins
  ['builtin:///encoding/yaml', entry, 'builtin:///encoding/yaml'],
  ['builtin:///re', other, 'builtin:///re'],
  ['builtin:///lib/json', entry, { error: 'unknown builtin module, lib/json' }],
  // github: explicit ref always wins, from anywhere (G22)
  ['github://tools.acme/lib/a.star?ref=v1', entry, 'github://tools.acme/lib/a.star?ref=v1'],
  ['github://app.acme/x.star?ref=main', entry, 'github://app.acme/x.star?ref=main'],
  ['github://app.acme/x.star?ref=', entry, 'github://app.acme/x.star'],
  // github without ref: the same repository inherits, another one gets its default branch (G24)
  ['github://app.acme/x.star', entry, 'github://app.acme/x.star?ref=c0ffee'],
  ['github://App.Acme/x.star', entry, 'github://App.Acme/x.star?ref=c0ffee'],
  ['github://tools.acme/x.star', entry, 'github://tools.acme/x.star'],
  ['github://tools.acme/x.star', other, 'github://tools.acme/x.star?ref=v1'],
  ['github://app.acme/x.star', other, 'github://app.acme/x.star'],
  // one-part host: a repository of the current owner
  ['github://tools/x.star', entry, 'github://tools.acme/x.star'],
  ['github://tools/x.star?ref=v2', other, 'github://tools.acme/x.star?ref=v2'],
  // dotted repository names: the owner is the last part
  ['github://my.dotted.repo.acme/x.star', entry, 'github://my.dotted.repo.acme/x.star'],
  // relative names inside a github module stay in that repository at its ref
  ['b.star', other, 'github://tools.acme/lib/b.star?ref=v1'],
  ['../root.star', other, 'github://tools.acme/root.star?ref=v1'],
  ['b.star?ref=v2', other, 'github://tools.acme/lib/b.star?ref=v2'],
  ['b.star', otherDefault, 'github://tools.acme/lib/b.star'],
  ['//lib.acme/z.star', other, 'github://lib.acme/z.star'],
  // https
  ['https://raw.example.com/a.star?x=1', entry, 'https://raw.example.com/a.star?x=1'],
  ['z.star', web, 'https://raw.example.com/x/z.star'],
  ['github://tools.acme/x.star', web, 'github://tools.acme/x.star'],
  // malformed (G23: an error, never a crash)
  ['github:///x.star', entry, { error: 'github URLs need a repository' }],
  ['github://tools.acme/', entry, { error: 'names a folder' }],
  ['github://tools.acme/x.star?branch=v1', entry, { error: 'unknown query parameter branch' }],
  ['github://tools.-bad-/x.star', entry, { error: 'invalid repository' }],
  ['github://a.b.c:99/x.star', entry, { error: 'no port' }],
  ['github://tools/x.star', web, { error: 'needs a repository to take the owner from' }],
  [
    '//tools.acme/x.star',
    entry,
    { error: 'context URLs have no host; for another repository write github://tools.acme/x.star' },
  ],
  ['x.star?ref=v1', entry, { error: 'context URLs take no query' }],
  ['lib/', entry, { error: 'names a folder' }],
  ['%zz.star', entry, { error: 'bad %-escape' }],
  ['http://example.com/x.star', entry, { error: 'unsupported scheme, http' }],
  ['file:///etc/passwd', entry, { error: 'unsupported scheme, file' }],
  ['https://user:pw@example.com/x', entry, { error: 'may not carry credentials' }],
  ['x.star#frag', entry, { error: 'no #fragment' }],
];

describe('resolveModuleUrl', () => {
  it.each(table)('%s from %s', (name, from, expected) => {
    const resolved = resolveModuleUrl(name, from, origin);
    if (typeof expected === 'string') {
      expect(resolved).toMatchObject({ ok: true, url: expected });
    } else {
      expect(resolved.ok).toBe(false);
      if (!resolved.ok) expect(resolved.message).toContain(expected.error);
    }
  });

  it('gives the fetch address of a github URL: owner, repository, path without slash, ref', () => {
    expect(resolveModuleUrl('github://my.repo.acme/dir/a%20b.star', 'github://app.acme/ci.star?ref=x', origin)).toEqual(
      {
        ok: true,
        url: 'github://my.repo.acme/dir/a%20b.star',
        address: { scheme: 'github', owner: 'acme', repo: 'my.repo', path: 'dir/a b.star', ref: '' },
      },
    );
  });

  it('refuses builtin modules to loadFile', () => {
    expect(resolveModuleUrl('builtin:///re', entry, origin, 'loadFile')).toMatchObject({ ok: false });
    expect(resolveModuleUrl('data/x.json', lib, origin, 'loadFile')).toMatchObject({
      ok: true,
      url: 'context:///lib/data/x.json',
    });
  });
});
