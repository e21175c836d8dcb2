import { describe, expect, it } from 'vitest';
import {
  failedStepLogsPatch,
  failedStepLogsText,
  failedStepTail,
  MAX_FAILED_STEPS,
  MAX_TAIL_CHARS,
  MAX_TAIL_LINE_CHARS,
  readFailedStepLogs,
  tailOf,
} from '../../domain/failed-step-logs';
import { logsReadMarkPatch, readLogsReadMark } from '../../domain/logs-read';
import type { ArgoWorkflow } from '../../domain/types';
import { workflowSecretValues } from '../../domain/workflow-secrets';

const prefix = 'kube-ci.qutics.com';
const withAnnotations = (annotations: Record<string, string>): ArgoWorkflow => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: { name: 'wf', annotations },
  spec: {},
});
const applied = (patch: Record<string, unknown> | undefined) =>
  withAnnotations((patch as { metadata: { annotations: Record<string, string> } }).metadata.annotations);

describe('failed-step tails', () => {
  it('keeps the last N lines, cut to MAX_TAIL_CHARS from the end, and masks secrets and tokens', () => {
    const log = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    expect(tailOf(log, 3)).toBe('line 28\nline 29\nline 30');
    expect(tailOf('only\r\n', 20)).toBe('only');
    expect(tailOf(log, 0)).toBe('');
    const long = tailOf(`${'x'.repeat(10_000)}\nend`, 2);
    expect(long).toBe(`${'x'.repeat(MAX_TAIL_LINE_CHARS - 1)}…\nend`);
    const many = tailOf(Array.from({ length: 100 }, () => 'y'.repeat(MAX_TAIL_LINE_CHARS)).join('\n'), 100);
    expect(many).toHaveLength(MAX_TAIL_CHARS);
    expect(many.startsWith('…')).toBe(true);
    const tail = failedStepTail('deploying with hunter2-secret\ntoken ghp_0123456789abcdefghijABCDEFGHIJ0123\n', 5, [
      'hunter2-secret',
    ]);
    expect(tail).toBe('deploying with ***\ntoken ***');
  });

  it('round-trips through the workflow annotation, merges, keeps the first MAX_FAILED_STEPS and reads damage as none', () => {
    const first = failedStepLogsPatch({}, { 'wf[0].a': 'boom' }, prefix)!;
    expect(readFailedStepLogs(applied(first.patch), prefix)).toEqual({ 'wf[0].a': 'boom' });
    expect(failedStepLogsPatch(first.merged, { 'wf[0].a': 'boom' }, prefix)).toBeUndefined();
    const many = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`s${String(i).padStart(2, '0')}`, 'x']));
    const kept = failedStepLogsPatch(first.merged, many, prefix)!.merged;
    expect(Object.keys(kept)).toHaveLength(MAX_FAILED_STEPS);
    expect(kept['wf[0].a']).toBe('boom');
    for (const damaged of ['not json', '[1]', '{"a": 3}', 'null'])
      expect(readFailedStepLogs(withAnnotations({ [`${prefix}/failed-step-logs`]: damaged }), prefix)).toEqual({});
  });

  it('renders a section per failed step in a fence longer than any backtick run of the log', () => {
    expect(failedStepLogsText({}, 20)).toBe('');
    const text = failedStepLogsText({ 'b-step': 'plain', 'a-step': 'has ```` fence' }, 20);
    expect(text).toBe(
      '### Failed steps\n\n**a-step** (last 20 lines of its log):\n`````\nhas ```` fence\n`````\n\n' +
        '**b-step** (last 20 lines of its log):\n```\nplain\n```',
    );
  });
});

describe('logs-read mark', () => {
  it('round-trips the count and reads a missing or damaged mark as none', () => {
    expect(readLogsReadMark(applied(logsReadMarkPatch(prefix, 42)), prefix)).toEqual({ annotations: 42 });
    expect(readLogsReadMark(withAnnotations({}), prefix)).toBeUndefined();
    for (const damaged of ['{', '{"annotations":-1}', '{"annotations":"3"}', '7'])
      expect(readLogsReadMark(withAnnotations({ [`${prefix}/logs-read`]: damaged }), prefix)).toBeUndefined();
  });
});

describe('workflowSecretValues', () => {
  it('collects secret-named parameter and literal env values, not other values nor secretKeyRef env', () => {
    const workflow: ArgoWorkflow = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { name: 'wf' },
      spec: {
        arguments: {
          parameters: [
            { name: 'deploy_token', value: 'tok-123456' },
            { name: 'branch', value: 'main' },
          ],
        },
        templates: [
          {
            name: 'push',
            inputs: { parameters: [{ name: 'registryPassword', value: 'pw-default' }] },
            container: {
              env: [
                { name: 'API_KEY', value: 'key-abcdef' },
                { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
                { name: 'HOME', value: '/root' },
              ],
            },
          },
          { name: 'script', script: { env: [{ name: 'client_secret', value: 'cs-987654' }] } },
        ],
      },
    };
    const nodes = {
      n: {
        id: 'n',
        name: 'wf.push',
        type: 'Pod',
        inputs: { parameters: [{ name: 'accessKey', value: 'AK-resolved' }] },
      },
    };
    expect(workflowSecretValues(workflow, nodes).sort()).toEqual(
      ['AK-resolved', 'cs-987654', 'key-abcdef', 'pw-default', 'tok-123456'].sort(),
    );
  });
});
