import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { RecordingGateway } from '../support/recording-gateway';
import { listenOnLoopback, type Listening } from '../support/listen';

const token = 'api-token-for-tests';
const sha = 'a'.repeat(40);
const valid = { org: 'Codertocat', repo: 'Hello-World', ref: 'main', hash: sha };

describe('/api/v1/run', () => {
  let api: Listening | undefined;
  let baseUrl: string;
  let gateway: RecordingGateway;

  async function listen(runsApi: { token: string; defaultInstallId: number } | undefined, allowedOrgs?: RegExp) {
    gateway = new RecordingGateway();
    const app = createApp({
      secret: 'webhook-secret',
      appId: 1,
      allowedInstallationIds: [],
      ...(allowedOrgs ? { allowedOrgs } : {}),
      temporal: gateway,
      logger: pino({ level: 'silent' }),
      isServing: () => true,
      ...(runsApi ? { runsApi } : {}),
    });
    api = await listenOnLoopback(app);
    baseUrl = api.url;
  }
  afterEach(async () => await api?.close());

  async function call(body: unknown, auth: string | null = `Bearer ${token}`, method = 'POST') {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (auth !== null) headers['authorization'] = auth;
    const res = await fetch(`${baseUrl}/api/v1/run`, {
      method,
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, text: await res.text(), headers: res.headers };
  }

  describe('when no token is configured', () => {
    it('answers 404: the HTTP API is off by default', async () => {
      await listen(undefined);
      const res = await call(valid);
      expect(res.status).toBe(404);
      expect(res.text).toBe('the HTTP API is disabled\n');
      expect(gateway.dryRuns).toHaveLength(0);
    });
    it('stays off with an empty token', async () => {
      await listen({ token: '', defaultInstallId: 7 });
      expect((await call(valid, 'Bearer ')).status).toBe(404);
    });
  });

  describe('with a token', () => {
    beforeEach(() => listen({ token, defaultInstallId: 7 }));

    it.each([
      ['no Authorization header', null],
      ['a wrong token', 'Bearer not-the-token'],
      ['a token that only shares a prefix', `Bearer ${token}x`],
      ['another scheme', `Basic ${token}`],
    ])('refuses %s with 401', async (_what, auth) => {
      const res = await call(valid, auth);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(gateway.dryRuns).toHaveLength(0);
      expect(gateway.starts).toHaveLength(0);
    });

    it.each([
      [{ repo: 'r', ref: 'main', hash: sha }, 'cannot decode input, org must be specified'],
      [{ org: 'o', ref: 'main', hash: sha }, 'cannot decode input, repo must be specified'],
      [{ org: 'o', repo: 'r', hash: sha }, 'cannot decode input, ref must be specified'],
      [{ org: 'o', repo: 'r', ref: 'main' }, 'cannot decode input, hash must be specified'],
      [{}, 'cannot decode input, org must be specified'],
      [{ ...valid, branch: 'x' }, 'cannot decode input, json: unknown field "branch"'],
      [{ ...valid, ref_type: 'commit' }, 'cannot decode input, ref_type must be branch or tag, not "commit"'],
      [{ ...valid, run: 'yes' }, 'cannot decode input, run must be true or false'],
      [{ ...valid, ci_context: { 'ci.yaml': 1 } }, 'cannot decode input, ci_context["ci.yaml"] must be a string'],
      [[valid], 'cannot decode input, the body must be a JSON object'],
      [
        { ...valid, org: 'acme--corp' },
        'cannot decode input, org "acme--corp" must be letters, digits and single hyphens, not starting or ending with a hyphen',
      ],
      [{ ...valid, org: '-acme' }, expect.stringMatching(/^cannot decode input, org "-acme" must be letters/)],
      [{ ...valid, org: 'a/b' }, expect.stringMatching(/^cannot decode input, org "a\/b" must be letters/)],
      [
        { ...valid, org: 'a'.repeat(40) },
        `cannot decode input, org "${'a'.repeat(40)}" is 40 characters long; GitHub owner names have at most 39`,
      ],
      [{ ...valid, repo: '..' }, 'cannot decode input, repo ".." cannot be ".."'],
      [
        { ...valid, repo: 'hello world' },
        'cannot decode input, repo "hello world" may only contain letters, digits, `.`, `-` and `_`',
      ],
      [{ ...valid, repo: 'r'.repeat(101) }, expect.stringMatching(/is 101 characters long; GitHub repository/)],
      [
        { ...valid, hash: 'abc123' },
        'cannot decode input, hash "abc123" must be a full commit sha: 40 hexadecimal digits',
      ],
      [{ ...valid, hash: 'a'.repeat(64) }, expect.stringMatching(/hash "a{64}" must be a full commit sha/)],
      [{ ...valid, hash: sha.replace(/.$/, 'g') }, expect.stringMatching(/must be a full commit sha/)],
      [{ ...valid, ref: 'feature..x' }, 'cannot decode input, ref "feature..x" may not contain `..`, `@{` or `//`'],
      [{ ...valid, ref: 'a b' }, expect.stringMatching(/^cannot decode input, ref "a b" may not contain spaces/)],
      [
        { ...valid, ref: 'x.lock' },
        expect.stringMatching(/no part between slashes may start with `.` or end with `.lock`/),
      ],
      [{ ...valid, ref: '-x' }, expect.stringMatching(/may not start with `\/` or `-`/)],
      [{ ...valid, ref: 'x'.repeat(256) }, expect.stringMatching(/ref "x+…" is longer than 255 bytes/)],
      [{ ...valid, entrypoint: 'e'.repeat(256) }, expect.stringMatching(/^cannot decode input, entrypoint must be/)],
    ])('rejects %j with 400', async (body, message) => {
      const res = await call(body);
      expect(res.status).toBe(400);
      expect(res.text.trimEnd()).toEqual(message);
      expect(gateway.dryRuns).toHaveLength(0);
      expect(gateway.starts).toHaveLength(0);
    });

    it('accepts GitHub-valid names and refs, and one spelling of the sha', async () => {
      gateway.dryRunAnswer = {
        kind: 'workflow',
        workflow: { apiVersion: 'v', kind: 'Workflow', metadata: {}, spec: {} },
        debug: '',
      };
      const body = { org: 'a-1', repo: '.github', ref: 'feature/ünïcode-1.2', hash: sha.toUpperCase() };
      const res = await call(body);
      expect(res.status).toBe(200);
      expect(gateway.dryRuns.at(-1)!.trigger).toMatchObject({
        repo: { owner: 'a-1', name: '.github' },
        sha: sha.toLowerCase(),
      });
    });

    it('rejects malformed JSON with 400 in the original wording', async () => {
      const res = await call('{"org": ');
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/^cannot decode input, .+/);
    });

    it('answers a dry run with the workflow and the print output, and starts nothing', async () => {
      const workflow = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'w' }, spec: {} };
      gateway.dryRunAnswer = { kind: 'workflow', workflow, debug: 'one\ntwo' };
      const res = await call({ ...valid, ref_type: 'tag', entrypoint: 'deploy', ci_context: { '/ci.yaml': 'x' } });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toEqual({ workflow, debug: 'one\ntwo' });
      expect(gateway.starts).toHaveLength(0);
      expect(gateway.dryRuns).toHaveLength(1);
      expect(gateway.dryRuns[0]!.ciContext).toEqual({ '/ci.yaml': 'x' });
      expect(gateway.dryRuns[0]!.trigger).toMatchObject({
        source: 'api',
        installationId: 7,
        repo: { owner: 'Codertocat', name: 'Hello-World' },
        sha,
        ref: 'main',
        refType: 'tag',
        entrypoint: 'deploy',
        pullRequests: [],
      });
    });

    it('leaves debug out when nothing was printed', async () => {
      gateway.dryRunAnswer = {
        kind: 'workflow',
        workflow: { apiVersion: 'a', kind: 'Workflow', metadata: {}, spec: {} },
        debug: '',
      };
      const res = await call(valid, `Bearer ${token}`, 'PUT');
      expect(res.status).toBe(200);
      expect(Object.keys(JSON.parse(res.text))).toEqual(['workflow']);
      expect(gateway.dryRuns[0]!.trigger.refType).toBe('branch');
    });

    it('answers pipeline errors with 422, the message, file and line', async () => {
      gateway.dryRunAnswer = {
        kind: 'invalid',
        error: { message: 'division by zero', file: '.kube-ci/lib/b.star', line: 4, column: 14 },
        debug: 'about to fail',
      };
      const res = await call(valid);
      expect(res.status).toBe(422);
      expect(JSON.parse(res.text)).toEqual({
        error: 'division by zero',
        file: '.kube-ci/lib/b.star',
        line: 4,
        column: 14,
        debug: 'about to fail',
      });
    });

    it.each([
      [{ kind: 'none', reason: 'no .kube-ci/ at abc', debug: '' } as const, 'no .kube-ci/ at abc'],
      [{ kind: 'failed', message: 'repository not found' } as const, 'repository not found'],
      [{ kind: 'too-large', bytes: 2_000_000, limit: 1_500_000, debug: '' } as const, /2000000 bytes.*1500000/],
    ])('answers %j with 422 and the reason', async (given, message) => {
      gateway.dryRunAnswer = given;
      const res = await call(valid);
      expect(res.status).toBe(422);
      expect((JSON.parse(res.text) as { error: string }).error).toMatch(message);
    });

    it('answers 504 when the dry run timed out', async () => {
      gateway.dryRunAnswer = { kind: 'timed-out' };
      expect((await call(valid)).status).toBe(504);
    });

    it('answers 503 when Temporal cannot be reached, for a dry run and a run', async () => {
      gateway.dryRunAnswer = new Error('connect ECONNREFUSED');
      expect((await call(valid)).status).toBe(503);
      gateway.failWith = new Error('connect ECONNREFUSED');
      expect((await call({ ...valid, run: true })).status).toBe(503);
    });

    it('starts a real run for run: true and answers 202 with its workflow id', async () => {
      const res = await call({ ...valid, run: true, entrypoint: 'build' });
      expect(res.status).toBe(202);
      expect(gateway.dryRuns).toHaveLength(0);
      const [start] = gateway.starts;
      expect(start!.runKey).toMatch(/^api-[0-9a-f-]{36}$/);
      expect(start!.trigger).toMatchObject({
        source: 'api',
        installationId: 7,
        sha,
        ref: 'main',
        entrypoint: 'build',
        deliveryId: start!.runKey,
      });
      expect(JSON.parse(res.text)).toEqual({ workflowId: start!.workflowId });
      expect(start!.workflowId).toBe(`ci/Codertocat/Hello-World/${sha}/build/${start!.runKey}`);
    });

    it('gives every real run its own key, so two requests are two runs', async () => {
      await call({ ...valid, run: true });
      await call({ ...valid, run: true });
      expect(new Set(gateway.starts.map((s) => s.runKey)).size).toBe(2);
    });

    it('refuses ci_context on a real run: the run reads .kube-ci/ at the commit', async () => {
      const res = await call({ ...valid, run: true, ci_context: { 'ci.yaml': 'x' } });
      expect(res.status).toBe(400);
      expect(gateway.starts).toHaveLength(0);
    });
  });

  it('needs api.defaultInstallID', async () => {
    await listen({ token, defaultInstallId: 0 });
    const res = await call(valid);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/api\.defaultInstallID/);
    expect(gateway.dryRuns).toHaveLength(0);
  });

  it('applies the org filter of the webhook', async () => {
    await listen({ token, defaultInstallId: 7 }, /^(Octocoders)$/);
    const res = await call(valid);
    expect(res.status).toBe(403);
    expect(gateway.dryRuns).toHaveLength(0);
  });
});
