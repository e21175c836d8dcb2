import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StarlarkPool } from '../../starlark-wasm/src/index';
import { memorySources, minimalWorkflow, render, sha, startPool } from './support';

let pool: StarlarkPool;
beforeAll(async () => {
  pool = await startPool();
});
afterAll(async () => {
  await pool?.close();
});

const ok = (text: string) => `${text}\nworkflow = ${minimalWorkflow}\n`;

describe('renderStarlark: input', () => {
  it('exposes ref, ref_type, sha, repo, entrypoint and pull_requests; ints stay ints, nulls are None', async () => {
    const script = ok(`
print(input.ref, input.ref_type, input.sha, input.entrypoint, input.repo["full_name"], input.repo["owner"]["login"])
pr = input.pull_requests[0]
print(type(pr["number"]), pr["number"], pr["head"]["ref"], pr["title"] == None, hasattr(input, "event"))
`);
    const result = await render(pool, memorySources({ 'ci.star': script }), {
      input: {
        entrypoint: 'deploy',
        pullRequests: [
          { number: 7, headRef: 'feature', headSha: sha, baseRef: 'main', headRepoUrl: 'u', baseRepoUrl: 'u' },
        ],
      },
    });
    expect(result.kind).toBe('workflow');
    expect(result.prints).toEqual([`main branch ${sha} deploy acme/app acme`, 'int 7 feature True False']);
  });

  it('exposes the event when there is one, JSON nulls as None (G55)', async () => {
    const script = ok('print(input.event["action"], input.event["sender"] == None, input.event["n"] + 1)');
    const result = await render(pool, memorySources({ 'ci.star': script }), {
      input: { event: { action: 'requested', sender: null, n: 41 } },
    });
    expect(result.prints).toEqual(['requested True 42']);
  });
});

describe('renderStarlark: the workflow value (SPEC B 5.4)', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    [
      'no workflow global',
      'x = 1\n',
      { kind: 'error', error: { message: "starlark result must contain 'workflow'", file: '.kube-ci/ci.star' } },
    ],
    ['workflow = None falls back to ci.yaml', 'workflow = None\n', { kind: 'fallback' }],
    [
      'a list',
      'x = 1\nworkflow = [1]\n',
      { kind: 'error', error: { message: 'workflow value is not a dictionary', line: 2 } },
    ],
    [
      'no kind',
      'workflow = {"apiVersion": "v1"}\n',
      { kind: 'error', error: { message: expect.stringContaining("'Kind' or 'apiVersion' is missing") } },
    ],
    [
      'another kind',
      'workflow = {"apiVersion": "argoproj.io/v1alpha1", "kind": "CronWorkflow", "spec": {}}\n',
      {
        kind: 'error',
        error: {
          message: 'could not use argoproj.io/v1alpha1/CronWorkflow as workflow',
          file: '.kube-ci/ci.star',
          line: 1,
        },
      },
    ],
    [
      'a value that cannot be JSON (G27)',
      'workflow = {"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "spec": {"f": len}}\n',
      { kind: 'error', error: { message: expect.stringContaining('workflow.spec.f: cannot convert') } },
    ],
  ];
  it.each(cases)('%s', async (_name, script, expected) => {
    expect(await render(pool, memorySources({ 'ci.star': script }))).toMatchObject(expected);
  });

  it('returns the workflow with metadata defaulted', async () => {
    const script =
      'workflow = {"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "spec": {"entrypoint": "a", "activeDeadlineSeconds": 60}}\n';
    const result = await render(pool, memorySources({ 'ci.star': script }));
    expect(result).toEqual({
      kind: 'workflow',
      prints: [],
      workflow: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        metadata: {},
        spec: { entrypoint: 'a', activeDeadlineSeconds: 60 },
      },
    });
  });
});

describe('renderStarlark: loads', () => {
  it('loads context modules in subfolders, github modules at the right refs, and keeps every print (G26)', async () => {
    const sources = memorySources(
      {
        'ci.star': ok('load("lib/steps.star", "steps")\nprint("top", steps)'),
        'lib/steps.star':
          'load("github://app.acme/shared/own.star", "own")\nload("github://tools.acme/lib/t.star", "t")\nprint("steps")\nsteps = [own, t]\n',
      },
      {
        [`acme/app/shared/own.star@${sha}`]: 'print("own")\nown = "own@sha"\n',
        'acme/tools/lib/t.star@': 'load("u.star", "u")\nt = u\n',
        'acme/tools/lib/u.star@': 'print("u")\nu = "tools@default"\n',
      },
    );
    const result = await render(pool, sources);
    expect(result.kind).toBe('workflow');
    expect(result.prints).toEqual(['own', 'u', 'steps', 'top ["own@sha", "tools@default"]']);
    expect(sources.githubReads).toEqual([
      `acme/app/shared/own.star@${sha}`,
      'acme/tools/lib/t.star@',
      'acme/tools/lib/u.star@',
    ]);
  });

  it('reads files with loadFile relative to the calling module; None when allowed to be missing', async () => {
    const sources = memorySources({
      'ci.star': ok('load("lib/read.star", "data")\nprint(data, loadFile("missing.txt", error_on_notfound=False))'),
      'lib/read.star': 'data = loadFile("data.txt").strip()\n',
      'lib/data.txt': 'hello\n',
    });
    expect((await render(pool, sources)).prints).toEqual(['hello None']);
  });

  it('annotates a missing module at the load statement with its resolved URL', async () => {
    const result = await render(pool, memorySources({ 'ci.star': 'x = 1\nload("github://tools/nope.star", "n")\n' }));
    expect(result).toMatchObject({
      kind: 'error',
      error: {
        file: '.kube-ci/ci.star',
        line: 2,
        message: expect.stringContaining('github://tools.acme/nope.star, not found'),
      },
    });
  });

  it('annotates an error inside a context module at its own file and line', async () => {
    const sources = memorySources({
      'ci.star': ok('load("lib/bad.star", "f")\nf()'),
      'lib/bad.star': 'def f():\n    return {}["k"]\n',
    });
    expect(await render(pool, sources)).toMatchObject({
      kind: 'error',
      error: { file: '.kube-ci/lib/bad.star', line: 2 },
    });
  });

  it('annotates an error inside a github module at the context line that led there, naming the module', async () => {
    const sources = memorySources(
      { 'ci.star': ok('load("github://tools/lib.star", "f")\n\nf()') },
      { 'acme/tools/lib.star@': 'def f():\n    fail("boom")\n' },
    );
    expect(await render(pool, sources)).toMatchObject({
      kind: 'error',
      error: {
        file: '.kube-ci/ci.star',
        line: 3,
        message: expect.stringMatching(/boom.*\(in github:\/\/tools\.acme\/lib\.star:2:/),
      },
    });
  });

  it('rejects malformed URLs with a clear error (G23)', async () => {
    const result = await render(pool, memorySources({ 'ci.star': 'load("github:///x.star", "x")\n' }));
    expect(result).toMatchObject({
      kind: 'error',
      error: { line: 1, message: expect.stringContaining('github URLs need a repository') },
    });
  });

  it('rethrows an infrastructure failure of a source instead of reporting it on the check run', async () => {
    const sources = memorySources({ 'ci.star': 'load("github://tools/x.star", "x")\n' });
    sources.github = async () => {
      throw new Error('ECONNRESET');
    };
    await expect(render(pool, sources)).rejects.toThrow('ECONNRESET');
  });
});

describe('renderStarlark: which repositories github:// may read', () => {
  const refusal = (repo: string, allowed: string) =>
    `repository ${repo} is outside the repositories this pipeline may read (allowed: acme/app (this repository)${allowed}; setting KUBECI_STARLARK_GITHUB_REPOS / starlark.githubRepos)`;

  it('refuses another owner by default at the load, on the file and line, without reading it', async () => {
    const sources = memorySources(
      {
        'ci.star': ok('load("lib/steps.star", "steps")'),
        'lib/steps.star': '# steps\nload("github://secrets.evil/keys.star", "keys")\nsteps = keys\n',
      },
      { 'evil/secrets/keys.star@': 'keys = "stolen"\n' },
    );
    const result = await render(pool, sources);
    expect(result).toMatchObject({
      kind: 'error',
      error: {
        file: '.kube-ci/lib/steps.star',
        line: 2,
        message: expect.stringContaining(
          `cannot load github://secrets.evil/keys.star: ${refusal('evil/secrets', ', acme/*')}`,
        ),
      },
    });
    expect(sources.githubReads).toEqual([]);
  });

  it('refuses loadFile() and loads from inside an allowed github module alike', async () => {
    const viaLoadFile = memorySources({ 'ci.star': ok('x = loadFile("github://keys.evil/id_rsa")') });
    expect(await render(pool, viaLoadFile)).toMatchObject({
      kind: 'error',
      error: { file: '.kube-ci/ci.star', line: 1, message: expect.stringContaining(refusal('evil/keys', ', acme/*')) },
    });
    const nested = memorySources(
      { 'ci.star': ok('load("github://tools/lib.star", "f")') },
      { 'acme/tools/lib.star@': 'load("github://keys.evil/k.star", "k")\nf = k\n', 'evil/keys/k.star@': 'k = 1\n' },
    );
    expect(await render(pool, nested)).toMatchObject({
      kind: 'error',
      error: { file: '.kube-ci/ci.star', line: 1, message: expect.stringContaining(refusal('evil/keys', ', acme/*')) },
    });
    expect(nested.githubReads).toEqual(['acme/tools/lib.star@']);
  });

  it('allows the same owner by default, case-insensitively', async () => {
    const sources = memorySources(
      { 'ci.star': ok('load("github://Tools.ACME/lib.star", "t")') },
      { 'ACME/Tools/lib.star@': 't = 1\n' },
    );
    expect((await render(pool, sources)).kind).toBe('workflow');
  });

  it('with an empty list reads only the run’s own repository; listed repositories and owners are read', async () => {
    const own = memorySources(
      { 'ci.star': ok('load("github://app/x.star", "x")') },
      { [`acme/app/x.star@${sha}`]: 'x = 1\n' },
    );
    expect((await render(pool, own, { githubRepos: [] })).kind).toBe('workflow');
    const sibling = memorySources({ 'ci.star': ok('load("github://tools/x.star", "x")') });
    expect(await render(pool, sibling, { githubRepos: [] })).toMatchObject({
      error: { message: expect.stringContaining(refusal('acme/tools', '')) },
    });
    const listed = memorySources(
      { 'ci.star': ok('load("github://tools.platform/x.star", "x")\nload("github://y.shared/y.star", "y")') },
      { 'platform/tools/x.star@': 'x = 1\n', 'shared/y/y.star@': 'y = 1\n' },
    );
    expect((await render(pool, listed, { githubRepos: ['platform/tools', 'shared/*'] })).kind).toBe('workflow');
    const unlisted = memorySources({ 'ci.star': ok('load("github://other.platform/x.star", "x")') });
    expect(await render(pool, unlisted, { githubRepos: ['platform/tools', '{owner}/ci'] })).toMatchObject({
      error: { message: expect.stringContaining(refusal('platform/other', ', platform/tools, acme/ci')) },
    });
  });
});

describe('renderStarlark: limits, each followed by a good evaluation on the same pool (G28)', () => {
  const good = memorySources({ 'ci.star': ok('') });
  const cases: [string, Record<string, string>, string, Record<string, number>][] = [
    [
      'an infinite loop',
      { 'ci.star': 'def f():\n    for i in range(1 << 62):\n        pass\nf()\n' },
      'too many steps',
      { maxSteps: 2_000_000 },
    ],
    ['a huge string', { 'ci.star': 'x = "x" * (1 << 29)\n' }, 'memory', { maxMemoryBytes: 64 << 20 }],
    [
      'a load cycle',
      {
        'ci.star': 'load("a.star", "a")\n',
        'a.star': 'load("b.star", "b")\na = 1\n',
        'b.star': 'load("a.star", "a")\nb = 1\n',
      },
      'cycle in load graph',
      {},
    ],
    [
      'a 50 MB loadFile',
      { 'ci.star': 'x = loadFile("big.txt")\n', 'big.txt': 'y'.repeat(50 << 20) },
      'larger than the limit',
      {},
    ],
  ];
  it.each(cases)(
    '%s',
    async (_name, files, reason, limits) => {
      const result = await render(pool, memorySources(files), { limits });
      expect(result.kind).toBe('error');
      if (result.kind === 'error') expect(result.error.message).toMatch(new RegExp(reason));
      expect((await render(pool, good)).kind).toBe('workflow');
    },
    60_000,
  );

  it('a wall-clock timeout', async () => {
    const result = await render(
      pool,
      memorySources({ 'ci.star': 'def f():\n    for i in range(1 << 62):\n        pass\nf()\n' }),
      { limits: { timeoutMs: 300 } },
    );
    expect(result).toMatchObject({
      kind: 'error',
      error: { message: expect.stringContaining('wall-clock limit of 300 ms') },
    });
    expect((await render(pool, good)).kind).toBe('workflow');
  }, 60_000);
});
