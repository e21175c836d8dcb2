import examples from '@octokit/webhooks-examples';
import { describe, expect, it } from 'vitest';
import { changeRange } from '../../domain/change-range';
import { decidePathFilter, splitGlobs, type ChangedFiles } from '../../domain/path-filter';
import { pipeline, triggerWith } from './fixtures';

const KEY = 'kube-ci.qutics.com/onPathChange';
const BASE = 'a'.repeat(40);
const HEAD = 'b'.repeat(40);

function listed(files: string[], truncated = false): ChangedFiles {
  return { kind: 'listed', files, truncated, base: BASE, head: HEAD, of: 'push' };
}

function verdict(globs: string | undefined, changes: ChangedFiles | undefined, explicit = false) {
  const workflow = pipeline(globs === undefined ? {} : { [KEY]: globs });
  return decidePathFilter({ workflow, annotationPrefix: 'kube-ci.qutics.com', changes, explicit });
}

describe('decidePathFilter', () => {
  it.each([
    ['a file inside the glob', 'src/**', ['src/a/b.ts'], 'run'],
    ['only files outside the glob', 'src/**', ['docs/a.md', 'README.md'], 'skip'],
    ['`*` stays inside its folder', 'src/*', ['src/a/b.ts'], 'skip'],
    ['`*` matches a file of the folder', 'src/*', ['src/b.ts'], 'run'],
    ['the second of several globs', 'src/**, go.mod', ['go.mod'], 'run'],
    ['several globs, one per line', 'src/**\ngo.*\n', ['go.sum'], 'run'],
    ['none of several globs', 'src/**,go.mod', ['docs/x.md'], 'skip'],
    ['brace alternatives (the comma stays in the glob)', '{api,web}/**', ['web/index.ts'], 'run'],
    ['dotfiles match `**`', '**', ['.github/workflows/ci.yaml'], 'run'],
    ['a leading slash is the repository root', '/src/**', ['src/a.ts'], 'run'],
    ['a negation takes back what an earlier glob matched', 'src/**, !src/**/*.md', ['src/README.md'], 'skip'],
    ['a negation leaves the other files', 'src/**, !src/**/*.md', ['src/README.md', 'src/a.ts'], 'run'],
    ['a later glob matches again after a negation', 'src/**, !src/gen/**, src/gen/keep.ts', ['src/gen/keep.ts'], 'run'],
    ['a list starting with `!` starts from every file', '!docs/**', ['docs/a.md', 'main.go'], 'run'],
    ['a list starting with `!`: only excluded files', '!docs/**', ['docs/a.md'], 'skip'],
    ['a rename counts both paths', 'src/**', ['lib/moved.ts', 'src/moved.ts'], 'run'],
    ['an empty change (no file)', 'src/**', [], 'skip'],
  ])('%s', (_name, globs, files, kind) => {
    expect(verdict(globs, listed(files)).kind).toBe(kind);
  });

  it('names the matching file when it runs', () => {
    expect(verdict('src/**', listed(['docs/x.md', 'src/a.ts']))).toEqual({
      kind: 'run',
      reason: `src/a.ts matches ${KEY}`,
    });
  });

  it('says which files changed, between which commits, and which globs when it skips', () => {
    const files = ['docs/1.md', 'docs/2.md', 'docs/3.md', 'docs/4.md', 'docs/5.md', 'docs/6.md', 'docs/7.md'];
    const result = verdict('src/**, go.mod', listed(files));
    expect(result).toEqual({
      kind: 'skip',
      reason:
        'Skipped: this push changes `docs/1.md`, `docs/2.md`, `docs/3.md`, `docs/4.md`, `docs/5.md` and 2 more ' +
        `(aaaaaaa...bbbbbbb), and ${KEY} (\`src/**\`, \`go.mod\`) matches none of it.`,
    });
  });

  it('does not filter a pipeline without the annotation', () => {
    expect(verdict(undefined, listed(['docs/a.md']))).toEqual({ kind: 'unfiltered' });
  });

  it('does not filter explicit runs (a button, a command, a deployment)', () => {
    expect(verdict('src/**', listed(['docs/a.md']), true)).toEqual({ kind: 'unfiltered' });
  });

  it('runs, saying why, when the list was cut and no listed file matches', () => {
    const result = verdict('src/**', listed(['docs/a.md', 'docs/b.md'], true));
    expect(result.kind).toBe('unchecked');
    expect(result).toMatchObject({ reason: expect.stringContaining('cut at 2') as unknown });
  });

  it('runs when the cut list still has a matching file', () => {
    expect(verdict('src/**', listed(['src/a.ts'], true)).kind).toBe('run');
  });

  it('runs, saying why, when there is no list', () => {
    const result = verdict('src/**', { kind: 'absent', reason: 'the push created the branch' });
    expect(result).toEqual({
      kind: 'unchecked',
      reason: `${KEY} was not applied, so the run goes ahead: no list of changed files (the push created the branch)`,
    });
  });

  it('runs, saying why, when the changes were not read', () => {
    expect(verdict('src/**', undefined)).toMatchObject({ kind: 'unchecked' });
  });

  it.each([
    ['no glob at all', ' , \n', 'it lists no glob'],
    ['a lone `!`', 'src/**, !', '`!` is not a glob'],
  ])('runs, saying why, for an annotation with %s', (_name, globs, why) => {
    const result = verdict(globs, listed(['docs/a.md']));
    expect(result).toEqual({ kind: 'unchecked', reason: `${KEY} was not applied, so the run goes ahead: ${why}` });
  });

  it('reads the annotation under the configured prefix', () => {
    const workflow = pipeline({ 'ci.example.com/onPathChange': 'src/**' });
    const at = (annotationPrefix: string) =>
      decidePathFilter({ workflow, annotationPrefix, changes: listed(['docs/a.md']), explicit: false }).kind;
    expect(at('ci.example.com')).toBe('skip');
    expect(at('kube-ci.qutics.com')).toBe('unfiltered');
  });
});

describe('splitGlobs', () => {
  it.each([
    ['src/**, go.mod', ['src/**', 'go.mod']],
    ['src/**\n  go.mod\n', ['src/**', 'go.mod']],
    ['{a,b}/**,c', ['{a,b}/**', 'c']],
    ['{a,{b,c}}/x, d', ['{a,{b,c}}/x', 'd']],
    [' , ,', []],
  ])('%j', (value, globs) => {
    expect(splitGlobs(value)).toEqual(globs);
  });
});

/** A payload from @octokit/webhooks-examples: the real shape of what GitHub sends. */
function payload(event: string, action: string, pick = 0): Record<string, unknown> {
  const found = examples
    .find((e) => e.name === event)!
    .examples.filter((p) => (p as { action?: string }).action === action);
  return structuredClone(found[pick]) as Record<string, unknown>;
}

describe('changeRange', () => {
  const sha = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';

  it('compares a push (check suite without pull requests) from `before`', () => {
    const event = payload('check_suite', 'requested');
    expect(changeRange(triggerWith({ sha }), event)).toEqual({
      kind: 'range',
      base: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      head: sha,
      of: 'push',
    });
  });

  it('compares a check suite of a pull request from the pull request’s base', () => {
    const event = payload('check_suite', 'rerequested');
    expect(changeRange(triggerWith({ sha }), event)).toEqual({
      kind: 'range',
      base: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
      head: sha,
      of: 'pull request',
    });
  });

  it('compares a pull_request event from its base', () => {
    const event = payload('pull_request', 'synchronize');
    expect(changeRange(triggerWith({ sha, source: 'pull_request' }), event)).toMatchObject({
      kind: 'range',
      base: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
      of: 'pull request',
    });
  });

  it('compares a re-requested check run through its check suite', () => {
    const event = payload('check_run', 'rerequested');
    expect(changeRange(triggerWith({ sha, source: 'check_run_rerequested' }), event)).toMatchObject({
      kind: 'range',
      base: '146e867f55c26428e5f9fade55a9bbf5e95a7912',
      of: 'push',
    });
  });

  it('compares a merge group from its base', () => {
    const event = payload('merge_group', 'checks_requested');
    const base = (event['merge_group'] as { base_sha: string }).base_sha;
    expect(changeRange(triggerWith({ sha }), event)).toMatchObject({ kind: 'range', base, of: 'merge group' });
  });

  it.each([
    ['no payload', undefined, 'the run has no webhook payload'],
    ['a payload left out of the run', { kube_ci_event_omitted: 'too big' }, 'too large'],
    ['a tag (create event)', { ref_type: 'tag', ref: 'v1' }, 'has no base'],
  ])('has no range for %s', (_name, event, why) => {
    const range = changeRange(triggerWith({ sha }), event);
    expect(range.kind).toBe('none');
    expect(range).toMatchObject({ reason: expect.stringContaining(why) as unknown });
  });

  it('has no range for the first push of a branch (zero or null `before`)', () => {
    for (const before of ['0'.repeat(40), null]) {
      const event = payload('check_suite', 'requested');
      (event['check_suite'] as Record<string, unknown>)['before'] = before;
      expect(changeRange(triggerWith({ sha }), event)).toMatchObject({ kind: 'none' });
    }
  });

  it('has no range for a commit in pull requests with different bases', () => {
    const event = payload('check_suite', 'rerequested');
    const suite = event['check_suite'] as { pull_requests: { base: { sha: string } }[] };
    const other = structuredClone(suite.pull_requests[0]!);
    other.base.sha = 'c'.repeat(40);
    suite.pull_requests.push(other);
    expect(changeRange(triggerWith({ sha }), event)).toMatchObject({
      kind: 'none',
      reason: expect.stringContaining('2 pull requests with different bases') as unknown,
    });
  });
});
