import { describe, expect, it } from 'vitest';
import { parsePipelineYaml } from '../../domain/parse-pipeline-yaml';

const header = 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n';

describe('parsePipelineYaml', () => {
  it('reads a Workflow', () => {
    const parsed = parsePipelineYaml(
      `${header}metadata: {generateName: ci-}\nspec: {entrypoint: build}\n`,
      '.kube-ci/ci.yaml',
    );
    expect(parsed).toEqual({
      ok: true,
      workflow: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        metadata: { generateName: 'ci-' },
        spec: { entrypoint: 'build' },
      },
    });
  });

  it('reads YAML 1.1 scalars as Go yaml.v2 does (octal modes, yes/on booleans, timestamps as strings)', () => {
    const parsed = parsePipelineYaml(
      `${header}spec:\n  mode: 0755\n  hex: 0x1f\n  enabled: yes\n  off: on\n  when: 2026-01-01\n  plain: "0755"\n`,
      'f',
    );
    expect(parsed.ok && parsed.workflow.spec).toEqual({
      mode: 493,
      hex: 31,
      enabled: true,
      false: true,
      when: '2026-01-01',
      plain: '0755',
    });
  });

  it('lets the last of repeated keys win, as the original does', () => {
    const parsed = parsePipelineYaml(`${header}metadata:\n  name: a\nmetadata:\n  name: b\nspec: {}\n`, 'f');
    expect(parsed.ok && parsed.workflow.metadata).toEqual({ name: 'b' });
  });

  it('accepts multi-line quoted scalars in flow sequences that strict YAML 1.2 parsers reject', () => {
    const parsed = parsePipelineYaml(`${header}spec:\n  args: ["\n    cd x &&\n    make\n  "]\n`, 'f');
    expect(parsed.ok && parsed.workflow.spec['args']).toEqual([' cd x && make ']);
  });

  it('names the file, line and column of a syntax error', () => {
    const parsed = parsePipelineYaml(`${header}spec:\n  entrypoint: build\n\ttemplates: []\n`, '.kube-ci/ci.yaml');
    expect(parsed).toEqual({
      ok: false,
      error: {
        message: expect.stringMatching(/^failed to decode \.kube-ci\/ci\.yaml, .*tab/),
        file: '.kube-ci/ci.yaml',
        line: 5,
        column: 1,
      },
    });
  });

  it.each([
    [
      'another kind',
      `apiVersion: argoproj.io/v1alpha1\nkind: CronWorkflow\nspec: {}\n`,
      'could not use argoproj.io/v1alpha1/CronWorkflow as workflow',
      2,
    ],
    [
      'no kind',
      `apiVersion: v1\nspec: {}\n`,
      "failed to decode f, Object 'Kind' or 'apiVersion' is missing",
      undefined,
    ],
    ['not a mapping', `- a\n- b\n`, 'failed to decode f, the document is not a mapping', undefined],
    ['no spec', `${header}metadata: {}\n`, 'failed to decode f, the Workflow has no spec', undefined],
    [
      'two documents',
      `${header}spec: {}\n---\n${header}spec: {}\n`,
      'failed to decode f, it holds 2 YAML documents; put one Workflow in it',
      undefined,
    ],
  ])('rejects %s with a clear message', (_name, text, message, line) => {
    expect(parsePipelineYaml(text, 'f')).toEqual({
      ok: false,
      error: { message, file: 'f', ...(line ? { line } : {}) },
    });
  });
});
