import { InterceptingCall, status, type Interceptor } from '@grpc/grpc-js';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOnce } from '../../temporal/start-once';
import { startTestTemporal, type TestTemporal } from '../support/temporal';

/**
 * A start that runs out of time is checked before it fails (issue 10: no 503 while Temporal is slow but up),
 * against a real Temporal server. A gRPC interceptor on the client stands in for a busy server: the first
 * StartWorkflowExecution either lands and has its answer turned into DEADLINE_EXCEEDED (the start was
 * recorded, the answer came too late), or never reaches the server (the client's deadline expires).
 */
type Fault = 'answer-too-late' | 'request-lost';

function faultyFirstStart(fault: Fault, starts: { count: number }): Interceptor {
  return (options, nextCall) => {
    if (!options.method_definition.path.endsWith('/StartWorkflowExecution'))
      return new InterceptingCall(nextCall(options));
    starts.count += 1;
    if (starts.count > 1) return new InterceptingCall(nextCall(options));
    if (fault === 'request-lost')
      return new InterceptingCall(nextCall(options), { sendMessage: () => undefined, halfClose: () => undefined });
    return new InterceptingCall(nextCall(options), {
      start: (metadata, _listener, next) =>
        next(metadata, {
          onReceiveStatus: (received, nextStatus) =>
            nextStatus(
              received.code === status.OK
                ? { ...received, code: status.DEADLINE_EXCEEDED, details: 'Deadline exceeded (test: answer withheld)' }
                : received,
            ),
        }),
    });
  };
}

let temporal: TestTemporal;
beforeAll(async () => {
  temporal = await startTestTemporal();
});
afterAll(async () => {
  await temporal?.close();
});

async function clientWith(
  fault: Fault,
  starts: { count: number },
): Promise<{ client: Client; close(): Promise<void> }> {
  const connection = await Connection.connect({
    address: temporal.address,
    interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions()), faultyFirstStart(fault, starts)],
  });
  return { client: new Client({ connection }), close: () => connection.close() };
}

describe('startOnce when the first answer does not come in time', () => {
  it.each<[Fault, number]>([
    ['answer-too-late', 1],
    ['request-lost', 2],
  ])('%s: the run exists once and the caller is told it started (%i start calls)', async (fault, calls) => {
    const starts = { count: 0 };
    const { client, close } = await clientWith(fault, starts);
    try {
      const workflowId = `start-once-${fault}`;
      const result = await startOnce(
        client,
        'noSuchWorkflowType',
        { taskQueue: 'nobody-polls', workflowId, args: [] },
        2000,
      );
      expect(result).toEqual({ workflowId, started: true });
      expect(starts.count).toBe(calls);
      // Recorded by the server (REJECT_DUPLICATE keeps it to one run per id, whatever the retries).
      const described = await new Client({ connection: temporal.connection }).workflow.getHandle(workflowId).describe();
      expect(described.type).toBe('noSuchWorkflowType');
    } finally {
      await close();
    }
  });
});
