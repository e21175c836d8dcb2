import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ownerRunOfCheckRun, parseWebhook } from '../../domain/webhook-event';

interface ExampleSet {
  name: string;
  examples: Record<string, unknown>[];
}
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples/api.github.com/index.json') as ExampleSet[];

/** A deep copy of the first recorded payload of `event` with `action` (from @octokit/webhooks-examples). */
function recorded(event: string, action: string, extra: (p: Record<string, unknown>) => boolean = () => true): any {
  const found = examples.find((e) => e.name === event)?.examples.find((p) => p['action'] === action && extra(p));
  if (!found) throw new Error(`no recorded ${event}.${action}`);
  return structuredClone(found);
}

const SUITE_APP = 29310;
const DIGEST = '0123456789abcdef'.repeat(4);
const parse = (name: string, payload: unknown, appId = SUITE_APP) =>
  parseWebhook({ name, deliveryId: 'delivery-1', payload, bodyDigest: DIGEST, appId });

describe('parseWebhook: check_suite', () => {
  it('starts a run for a requested suite, keyed by the push (branch; the id holds the commit)', () => {
    const payload = recorded('check_suite', 'requested', (p) => p['installation'] !== undefined);
    const decision = parse('check_suite', payload);
    expect(decision).toEqual({
      kind: 'start-run',
      runKey: 'push-master',
      trigger: {
        source: 'check_suite',
        installationId: payload.installation.id,
        repo: { owner: 'Codertocat', name: 'Hello-World' },
        sha: payload.check_suite.head_sha,
        ref: 'master',
        refType: 'branch',
        entrypoint: '',
        pullRequests: expect.any(Array),
        deliveryId: 'delivery-1',
        sender: payload.sender.login,
        checkSuiteId: payload.check_suite.id,
        pushedAt: payload.check_suite.created_at,
        repository: {
          sshUrl: payload.repository.ssh_url,
          gitUrl: payload.repository.git_url,
          cloneUrl: payload.repository.clone_url,
          defaultBranch: payload.repository.default_branch,
          htmlUrl: payload.repository.html_url,
        },
      },
    });
  });

  it('carries no repository details when the payload lacks one (the run then reads them from GitHub)', () => {
    const payload = recorded('check_suite', 'requested', (p) => p['installation'] !== undefined);
    delete payload.repository.clone_url;
    const decision = parse('check_suite', payload);
    expect(decision).toMatchObject({ kind: 'start-run' });
    if (decision.kind === 'start-run') expect(decision.trigger).not.toHaveProperty('repository');
  });

  it('keys a rerequested suite by its body, so a replay is the same run and each click (a new body) a new one', () => {
    const payload = recorded('check_suite', 'rerequested', (p) => p['installation'] !== undefined);
    const decision = parse('check_suite', payload);
    expect(decision).toMatchObject({
      kind: 'start-run',
      runKey: 'rerun-0123456789abcdef',
      trigger: { source: 'check_suite_rerequested', ref: 'changes' },
    });
    if (decision.kind !== 'start-run') return;
    expect(decision.trigger.pullRequests).toEqual([
      {
        number: 2,
        headRef: 'changes',
        headSha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
        baseRef: 'master',
        headRepoUrl: 'https://api.github.com/repos/Codertocat/Hello-World',
        baseRepoUrl: 'https://api.github.com/repos/Codertocat/Hello-World',
      },
    ]);
  });

  it('takes the owner from repository.owner, not organization (G14)', () => {
    const payload = recorded('check_suite', 'requested', (p) => p['installation'] !== undefined);
    delete payload.organization;
    payload.repository.owner.login = 'someuser';
    expect(parse('check_suite', payload)).toMatchObject({ trigger: { repo: { owner: 'someuser' } } });
  });

  it.each([
    ['another App', (p: any) => (p.check_suite.app.id = 1), 'ignoring, wrong appID'],
    ['a completed suite', (p: any) => (p.action = 'completed'), 'OK'],
    ['an unknown action', (p: any) => (p.action = 'frobbed'), 'unknown checksuite action ignored'],
    [
      'a null head_branch (G15)',
      (p: any) => (p.check_suite.head_branch = null),
      'no head branch (the commit is not on a branch, e.g. a PR from a deleted fork branch)',
    ],
    ['a missing installation', (p: any) => delete p.installation, 'payload has no installation id'],
  ])('ignores %s', (_name, change, reason) => {
    const payload = recorded('check_suite', 'requested', (p) => p['installation'] !== undefined);
    change(payload);
    expect(parse('check_suite', payload)).toEqual({ kind: 'ignored', reason });
  });
});

describe('parseWebhook: check_run', () => {
  const rerequested = (): any => {
    const payload = recorded('check_run', 'rerequested');
    payload.check_run.check_suite.app.id = SUITE_APP;
    return payload;
  };

  it('re-runs the entrypoint of a re-requested step check run (G41)', () => {
    const payload = rerequested();
    payload.check_run.name = 'Workflow - release-staging';
    payload.check_run.external_id = 'release-staging';
    const decision = parse('check_run', payload);
    expect(decision).toMatchObject({
      kind: 'start-run',
      runKey: 'rerun-0123456789abcdef',
      trigger: {
        source: 'check_run_rerequested',
        entrypoint: 'release-staging',
        sha: payload.check_run.head_sha,
        ref: payload.check_run.check_suite.head_branch,
        installationId: payload.installation.id,
        checkSuiteId: payload.check_run.check_suite.id,
      },
    });
  });

  it('re-runs the default entrypoint for the Default Workflow check run', () => {
    const payload = rerequested();
    payload.check_run.name = 'Default Workflow';
    payload.check_run.external_id = 'whatever';
    expect(parse('check_run', payload)).toMatchObject({ kind: 'start-run', trigger: { entrypoint: '' } });
  });

  it.each(['run', 'skip'])('hands a press of %s on a manual step to the run that offered it', (identifier) => {
    const payload = rerequested();
    payload.action = 'requested_action';
    payload.requested_action = { identifier };
    payload.check_run.name = 'Workflow - deploy';
    payload.check_run.external_id = 'deploy';
    payload.check_run.conclusion = 'action_required';
    const owner = [
      'ci',
      payload.repository.owner.login,
      payload.repository.name,
      payload.check_run.head_sha,
      'default',
      'suite-1',
    ].join('/');
    payload.check_run.details_url = `http://temporal-ui:8233/namespaces/default/workflows/${encodeURIComponent(owner)}`;
    expect(parse('check_run', payload)).toEqual({
      kind: 'manual-step',
      press: {
        action: identifier,
        clickKey: 'action-0123456789abcdef',
        trigger: expect.objectContaining({
          source: 'check_run_action',
          entrypoint: 'deploy',
          sha: payload.check_run.head_sha,
        }),
        checkRun: { id: payload.check_run.id, name: 'Workflow - deploy', essential: true, ownerWorkflowId: owner },
      },
    });
  });

  it('presses without an owner when the details URL names no run of this commit', () => {
    const payload = rerequested();
    Object.assign(payload, { action: 'requested_action', requested_action: { identifier: 'run' } });
    payload.check_run.external_id = 'deploy';
    payload.check_run.conclusion = 'neutral';
    const decision = parse('check_run', payload);
    expect(decision).toMatchObject({ kind: 'manual-step', press: { checkRun: { essential: false } } });
    expect(decision.kind === 'manual-step' && 'ownerWorkflowId' in decision.press.checkRun).toBe(false);
  });

  it.each([
    ['another App', (p: any) => (p.check_run.check_suite.app.id = 2), 'ignoring, wrong appID'],
    ['created', (p: any) => (p.action = 'created'), 'OK'],
    ['completed', (p: any) => (p.action = 'completed'), 'OK'],
    ['an unknown action', (p: any) => (p.action = 'poked'), 'unknown checkrun action ignored'],
    [
      'an unknown button',
      (p: any) => Object.assign(p, { action: 'requested_action', requested_action: { identifier: 'boom' } }),
      'unrecognized task',
    ],
    [
      'a null head_branch',
      (p: any) => (p.check_run.check_suite.head_branch = null),
      'no head branch (the commit is not on a branch, e.g. a PR from a deleted fork branch)',
    ],
  ])('ignores %s', (_name, change, reason) => {
    const payload = rerequested();
    change(payload);
    expect(parse('check_run', payload)).toEqual({ kind: 'ignored', reason });
  });
});

describe('parseWebhook: run keys', () => {
  const decide = (name: string, payload: unknown, deliveryId: string, bodyDigest: string) =>
    parseWebhook({ name, deliveryId, payload, bodyDigest, appId: SUITE_APP });
  const rerun = (): any => {
    const payload = recorded('check_run', 'rerequested');
    payload.check_run.check_suite.app.id = SUITE_APP;
    return payload;
  };

  it.each([
    ['check_suite.rerequested', 'check_suite', () => recorded('check_suite', 'rerequested'), 'rerun-'],
    ['check_run.rerequested', 'check_run', rerun, 'rerun-'],
    [
      'check_run.requested_action',
      'check_run',
      () => Object.assign(rerun(), { action: 'requested_action', requested_action: { identifier: 'run' } }),
      'action-',
    ],
  ])('keys %s on the body digest, not the delivery id', (_what, name, payload, prefix) => {
    const first = decide(name, payload(), 'delivery-1', DIGEST);
    const replayed = decide(name, payload(), 'a-fresh-delivery-id', DIGEST);
    const newClick = decide(name, payload(), 'delivery-2', 'fedcba9876543210'.repeat(4));
    const keyOf = (d: ReturnType<typeof decide>) =>
      d.kind === 'start-run'
        ? d
        : d.kind === 'manual-step'
          ? { runKey: d.press.clickKey, trigger: d.press.trigger }
          : d;
    expect(keyOf(first)).toMatchObject({ runKey: `${prefix}0123456789abcdef` });
    expect(keyOf(replayed)).toMatchObject({
      runKey: `${prefix}0123456789abcdef`,
      trigger: { deliveryId: 'a-fresh-delivery-id' },
    });
    expect(keyOf(newClick)).toMatchObject({ runKey: `${prefix}fedcba9876543210` });
  });

  it('keys a requested suite on its push whatever the body', () => {
    const payload = recorded('check_suite', 'requested', (p) => p['installation'] !== undefined);
    expect(decide('check_suite', payload, 'd-9', 'ff'.repeat(32))).toMatchObject({ runKey: 'push-master' });
  });
});

describe('parseWebhook: fields no GitHub payload has', () => {
  const suite = (): any => recorded('check_suite', 'requested', (p) => p['installation'] !== undefined);

  it.each([
    ['no check suite id', (p: any) => (p.check_suite.id = null), 'payload has no check suite id'],
    ['a fractional installation id', (p: any) => (p.installation.id = 1.5), 'payload has no installation id'],
    ['a negative installation id', (p: any) => (p.installation.id = -4), 'payload has no installation id'],
    [
      'a short sha',
      (p: any) => (p.check_suite.head_sha = 'abc'),
      'head sha is not a commit sha (40 hexadecimal digits)',
    ],
    [
      'a branch git refuses',
      (p: any) => (p.check_suite.head_branch = 'a..b'),
      'head branch is not a git branch name: it may not contain `..`, `@{` or `//`',
    ],
    [
      'a branch of a megabyte',
      (p: any) => (p.check_suite.head_branch = 'b'.repeat(1 << 20)),
      'head branch is not a git branch name: it is longer than 255 bytes',
    ],
    [
      'a huge owner',
      (p: any) => (p.repository.owner.login = 'o'.repeat(101)),
      'repository owner or name is over 100 characters',
    ],
    [
      'a thousand pull requests',
      (p: any) => (p.check_suite.pull_requests = Array.from({ length: 1000 }, (_, i) => ({ number: i + 1 }))),
      'payload lists over 100 pull requests',
    ],
    [
      'a pull request with a huge ref',
      (p: any) => (p.check_suite.pull_requests[0].head.ref = 'r'.repeat(5000)),
      'pull request 2 has a field over 2048 characters',
    ],
  ])('ignores %s with the reason', (_what, change, reason) => {
    const payload = suite();
    payload.check_suite.pull_requests = [recorded('check_suite', 'rerequested').check_suite.pull_requests[0]];
    change(payload);
    expect(parse('check_suite', payload)).toEqual({ kind: 'ignored', reason });
  });

  it('keeps unicode branches and user-owned repositories', () => {
    const payload = suite();
    payload.check_suite.head_branch = 'feature/日本語-ü';
    delete payload.organization;
    payload.repository.owner = { login: 'someuser', type: 'User' };
    expect(parse('check_suite', payload)).toMatchObject({
      kind: 'start-run',
      trigger: { ref: 'feature/日本語-ü', repo: { owner: 'someuser' } },
    });
  });

  it('drops a sender login no GitHub account has instead of refusing the run', () => {
    const payload = suite();
    payload.sender.login = 's'.repeat(5000);
    expect(parse('check_suite', payload)).toMatchObject({ kind: 'start-run', trigger: { sender: '' } });
  });
});

describe('parseWebhook: other events', () => {
  it('answers ping', () => {
    expect(parse('ping', examples.find((e) => e.name === 'ping')?.examples[0])).toEqual({
      kind: 'ignored',
      reason: 'pong',
    });
  });

  it.each(['push', 'release', 'pull_request_review'])('ignores %s as an unknown event type', (name) => {
    expect(parse(name, {})).toEqual({ kind: 'ignored', reason: `unknown event type ${name}` });
  });

  it('never throws on junk payloads', () => {
    for (const payload of [
      null,
      42,
      'x',
      [],
      { check_suite: null },
      { check_suite: { app: { id: SUITE_APP } }, action: 'requested' },
    ]) {
      expect(parse('check_suite', payload).kind).toBe('ignored');
      expect(parse('check_run', payload).kind).toBe('ignored');
    }
  });
});

describe('ownerRunOfCheckRun', () => {
  const trigger = { repo: { owner: 'o', name: 'r' }, sha: 'a'.repeat(40) };
  const id = `ci/o/r/${'a'.repeat(40)}/default/suite-7`;
  const url = (workflowId: string, tail = '') =>
    `https://temporal.example/namespaces/ci/workflows/${encodeURIComponent(workflowId)}${tail}`;

  it.each([
    ['the run page', url(id)],
    ['the run page with its run id', url(id, '/0f1e2d3c/history')],
    ['the run page with a query', url(id, '?tab=history')],
  ])('reads the owner from %s', (_what, detailsUrl) => {
    expect(ownerRunOfCheckRun(detailsUrl, trigger)).toBe(id);
  });

  it.each([
    ['another commit', url(`ci/o/r/${'b'.repeat(40)}/default/suite-7`)],
    ['another repository', url(`ci/o/x/${'a'.repeat(40)}/default/suite-7`)],
    ['an Argo UI link', `http://argo/workflows/argo/kube-ci.master.xabc`],
    ['a broken escape', 'https://t/namespaces/ci/workflows/%E0%A4%A'],
    ['nothing', ''],
  ])('names no owner for %s', (_what, detailsUrl) => {
    expect(ownerRunOfCheckRun(detailsUrl, trigger)).toBeUndefined();
  });
});

describe('parseWebhook: deployment (SPEC B 4.9, G10, G54)', () => {
  /** The recorded `deployment.created` with an installation, asking kube-ci to run. */
  function deployment(kubeCi: unknown = { run: true }): any {
    const payload = recorded('deployment', 'created', (p) => p['installation'] !== undefined);
    payload.deployment.payload = kubeCi === 'none' ? {} : { kube_ci: kubeCi };
    return payload;
  }

  it('runs deployment.task at deployment.sha and reports to that deployment, keyed by its id', () => {
    const payload = deployment();
    expect(parse('deployment', payload)).toEqual({
      kind: 'start-run',
      runKey: `deployment-${payload.deployment.id}`,
      trigger: {
        source: 'deployment',
        installationId: payload.installation.id,
        repo: { owner: 'Codertocat', name: 'Hello-World' },
        sha: payload.deployment.sha,
        ref: payload.deployment.ref,
        refType: 'branch',
        entrypoint: 'deploy',
        pullRequests: [],
        deliveryId: 'delivery-1',
        sender: payload.sender.login,
        deployment: { id: payload.deployment.id, task: 'deploy', environment: payload.deployment.environment },
        repository: {
          sshUrl: payload.repository.ssh_url,
          gitUrl: payload.repository.git_url,
          cloneUrl: payload.repository.clone_url,
          defaultBranch: payload.repository.default_branch,
          htmlUrl: payload.repository.html_url,
        },
      },
    });
  });

  it('keeps the run key of a redelivery, whatever else the body says', () => {
    const first = parse('deployment', deployment());
    const again = parseWebhook({
      name: 'deployment',
      deliveryId: 'delivery-2',
      payload: deployment(),
      bodyDigest: 'f'.repeat(64),
      appId: SUITE_APP,
    });
    expect(first.kind === 'start-run' && again.kind === 'start-run' && first.runKey === again.runKey).toBe(true);
  });

  it.each([
    ['an empty payload', 'none'],
    ['run false (the deployments kube-ci itself creates)', { run: false, create_deployment: false }],
    ['run "true" as a string', { run: 'true' }],
  ])('ignores %s with the original’s text', (_what, kubeCi) => {
    expect(parse('deployment', deployment(kubeCi))).toEqual({
      kind: 'ignored',
      reason: 'Ignored, set kube-ci.run to launch a CI task',
    });
  });

  it.each([
    ['', 'branch'],
    ['branch', 'branch'],
    ['tag', 'tag'],
  ])('takes ref_type %j as a %s', (refType, expected) => {
    expect(parse('deployment', deployment({ run: true, ref_type: refType }))).toMatchObject({
      kind: 'start-run',
      trigger: { refType: expected },
    });
  });

  it('ignores another ref_type with the original’s text', () => {
    expect(parse('deployment', deployment({ run: true, ref_type: 'commit' }))).toEqual({
      kind: 'ignored',
      reason: 'ignored, ref_type must be branch or tag',
    });
  });

  it('reads a payload GitHub stored as a JSON string, and says so when it is not JSON (G54)', () => {
    const asString = deployment();
    asString.deployment.payload = JSON.stringify({ kube_ci: { run: true } });
    expect(parse('deployment', asString).kind).toBe('start-run');
    const broken = deployment();
    broken.deployment.payload = '{"kube_ci":';
    expect(parse('deployment', broken)).toEqual({
      kind: 'ignored',
      reason: 'deployment payload is a string that is not JSON',
    });
    const notObject = deployment([true]);
    expect(parse('deployment', notObject)).toEqual({
      kind: 'ignored',
      reason: 'deployment payload kube_ci is not an object',
    });
  });

  it('ignores a deployment this App made, whatever its payload; runs those of other Apps (G54)', () => {
    const ours = deployment();
    ours.deployment.performed_via_github_app = { id: SUITE_APP, slug: 'kube-ci' };
    expect(parse('deployment', ours)).toEqual({ kind: 'ignored', reason: 'deployment created by kube-ci itself' });
    const theirs = deployment();
    theirs.deployment.performed_via_github_app = { id: 1234, slug: 'deploy-bot' };
    expect(parse('deployment', theirs).kind).toBe('start-run');
  });

  it.each([
    ['no task', (p: any) => (p.deployment.task = ''), /^deployment has no task \(the template to run\)$/],
    ['a task over 255 characters', (p: any) => (p.deployment.task = 'x'.repeat(256)), /task is over 255/],
    ['an environment over 255', (p: any) => (p.deployment.environment = 'e'.repeat(256)), /environment is over 255/],
    ['no id', (p: any) => delete p.deployment.id, 'payload has no deployment id'],
    ['a sha that is no commit', (p: any) => (p.deployment.sha = 'main'), /not a commit sha/],
    ['no installation', (p: any) => delete p.installation, 'payload has no installation id'],
  ])('ignores a deployment with %s', (_what, mutate, reason) => {
    const payload = deployment();
    mutate(payload);
    expect(parse('deployment', payload)).toEqual({ kind: 'ignored', reason: expect.stringMatching(reason) });
  });

  it('starts runs only for created deployments', () => {
    const payload = deployment();
    payload.action = 'deleted';
    expect(parse('deployment', payload)).toEqual({ kind: 'ignored', reason: 'only a created deployment starts a run' });
  });

  it('never throws on junk deployment payloads', () => {
    for (const junk of [null, 42, 'x', [], { deployment: null }, { deployment: { payload: { kube_ci: null } } }]) {
      expect(parse('deployment', junk).kind).toBe('ignored');
    }
  });
});
