import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTracing, type Tracing } from '../../metrics/tracing';
import { deliverCheckSuite } from './deliveries';
import { buildAndTest } from './pipelines';
import { startStack, type Stack } from './stack';

interface ExportedSpan {
  service: string;
  name: string;
  attributes: Record<string, unknown>;
}

/** An OTLP/HTTP traces receiver in this process: what the collector would get (the JSON encoding). */
async function startReceiver(): Promise<{ server: Server; url: string; spans: ExportedSpan[] }> {
  const spans: ExportedSpan[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces' && req.method === 'POST') spans.push(...spansOf(JSON.parse(body)));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`, spans };
}

type Attr = { key: string; value: { stringValue?: string } };
function spansOf(request: {
  resourceSpans: Array<{
    resource: { attributes: Attr[] };
    scopeSpans: Array<{ spans: Array<{ name: string; attributes: Attr[] }> }>;
  }>;
}): ExportedSpan[] {
  const values = (attrs: Attr[]) => Object.fromEntries(attrs.map((a) => [a.key, a.value.stringValue]));
  return request.resourceSpans.flatMap((rs) =>
    rs.scopeSpans.flatMap((ss) =>
      ss.spans.map((span) => ({
        service: String(values(rs.resource.attributes)['service.name']),
        name: span.name,
        attributes: values(span.attributes),
      })),
    ),
  );
}

describe('OpenTelemetry tracing (KUBECI_OTLP_ENDPOINT)', () => {
  let stack: Stack;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let tracing: Tracing;
  beforeAll(async () => {
    receiver = await startReceiver();
    tracing = createTracing(receiver.url, 'kube-ci-worker');
    stack = await startStack({ workerPlugins: [tracing.plugin] });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    receiver?.server.close();
  });

  it("exports a span per activity of a run, named by activity and tagged with the run's workflow id", async () => {
    const { handle } = await deliverCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest });
    expect(await handle.result()).toMatchObject({ outcome: 'success' });
    await stack.stopWorker();
    await tracing.shutdown();
    const names = receiver.spans.filter((s) => s.service === 'kube-ci-worker').map((s) => s.name);
    for (const activity of ['loadPipeline', 'createCheckRun', 'submitPipeline', 'followArgoWorkflow', 'finishCheckRun'])
      expect(names).toContain(`RunActivity:${activity}`);
    const submit = receiver.spans.find((s) => s.name === 'RunActivity:submitPipeline')!;
    expect(submit.attributes).toMatchObject({ run_id: expect.any(String), temporalWorkflowId: handle.workflowId });
  }, 120_000);
});
