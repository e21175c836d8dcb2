import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'kube-ci-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function checkout(name: string, files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, name, path, '..'), { recursive: true });
    writeFileSync(join(root, name, path), text);
  }
  return join(root, name);
}

async function kubeCi(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env['GITHUB_TOKEN'];
  try {
    const { stdout, stderr } = await promisify(execFile)('npx', ['tsx', 'cli/kube-ci.ts', ...args], {
      env,
      cwd: process.cwd(),
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const ciStar = `print("hello from", input.ref, "changed:", input.changed_files)
workflow = {"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "metadata": {"generateName": "x-"},
  "spec": {"entrypoint": "build", "templates": [{"name": "build", "container": {"image": "alpine"}}]}}
`;

describe('kube-ci render (the process)', () => {
  it('prints the decorated workflow as JSON, prints on stderr', async () => {
    const dir = checkout('ok', { '.kube-ci/ci.star': ciStar });
    const { code, stdout, stderr } = await kubeCi([
      'render',
      '--repo',
      'acme/app',
      '--ref',
      'master',
      '--sha',
      'b'.repeat(40),
      '--json',
      dir,
    ]);
    expect(code).toBe(0);
    const wf = JSON.parse(stdout);
    expect(wf.metadata.labels).toMatchObject({ managedBy: 'kube-ci', org: 'acme', repo: 'app', branch: 'master' });
    expect(wf.spec.arguments.parameters).toContainEqual({ name: 'revision', value: 'b'.repeat(40) });
    // a checkout is no change: the list is None, as for a run with nothing to compare with
    expect(stderr).toContain('print: hello from master changed: None');
  }, 60_000);

  it('says a github:// load needs GITHUB_TOKEN, at the load line, exit 1', async () => {
    const dir = checkout('gh', { '.kube-ci/ci.star': 'load("github://tools.acme/x.star", "x")\nworkflow = None\n' });
    const { code, stderr } = await kubeCi(['render', '--repo', 'acme/app', dir]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/\.kube-ci\/ci\.star:1:1: .*github:\/\/ modules need a token: set GITHUB_TOKEN/);
  }, 60_000);

  it('refuses what the workflow policy refuses, at the field’s line, unless the config file allows it', async () => {
    const ciYaml = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: x-}
spec:
  entrypoint: build
  templates:
    - name: build
      container:
        image: docker:dind
        securityContext: {privileged: true}
`;
    const dir = checkout('privileged', {
      '.kube-ci/ci.yaml': ciYaml,
      'allow.yaml': 'policy:\n  allowPrivileged: true\n',
    });
    const refused = await kubeCi(['render', '--repo', 'acme/app', '--sha', 'c'.repeat(40), dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      '.kube-ci/ci.yaml:10: spec.templates[0].container.securityContext.privileged is refused by the workflow policy (set KUBECI_POLICY_ALLOW_PRIVILEGED=true to allow it)',
    );
    const allowed = await kubeCi([
      'render',
      '--repo',
      'acme/app',
      '--ref',
      'master',
      '--sha',
      'c'.repeat(40),
      '--config',
      join(dir, 'allow.yaml'),
      dir,
    ]);
    expect(allowed.code, allowed.stderr).toBe(0);
  }, 60_000);

  it('exits 3 when policy would skip the branch (0 with --manual), 2 on bad usage, and explains itself with --help', async () => {
    const dir = checkout('skip', { '.kube-ci/ci.star': ciStar });
    expect((await kubeCi(['render', '--repo', 'acme/app', '--ref', 'feature', dir])).code).toBe(3);
    // --manual: a Run press by someone who may bypass the branch rules renders the workflow
    const manual = await kubeCi(['render', '--repo', 'acme/app', '--ref', 'feature', '--manual', dir]);
    expect(manual.code, manual.stderr).toBe(0);
    expect((await kubeCi(['render', '--repo', 'not-a-repo', dir])).code).toBe(2);
    const help = await kubeCi(['render', '--help']);
    expect(help.stdout).toMatch(/--event FILE[\s\S]*GITHUB_TOKEN/);
  }, 60_000);
});
