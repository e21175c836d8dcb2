import { describe, expect, it } from 'vitest';
import { AnnotationQueue, type AnnotationProgress } from '../../activities/annotation-queue';
import type { StepLog } from '../../activities/step-logs';

const notes = (path: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    path,
    start_line: i + 1,
    end_line: i + 1,
    annotation_level: 'notice' as const,
    message: `${path} ${i}`,
  }));
const fresh = (): AnnotationProgress => ({ logsRead: { nodeIds: [], annotations: 0 } });

describe('AnnotationQueue', () => {
  it('hands out at most 50 per request in read order and records published steps only after commit', () => {
    const progress = fresh();
    const queue = new AnnotationQueue(progress);
    const logs: StepLog[] = [
      { nodeId: 'a', annotations: notes('a', 30) },
      { nodeId: 'empty', annotations: [] },
      { nodeId: 'b', annotations: notes('b', 40) },
    ];
    queue.add(logs);
    expect(progress.logsRead.nodeIds).toEqual(['empty']); // nothing to send: published at once
    expect([...queue.readIds()].sort()).toEqual(['a', 'b', 'empty']);
    const first = queue.take();
    expect(first.annotations).toHaveLength(50);
    expect(first.annotations.map((x) => x.message).slice(28, 32)).toEqual(['a 28', 'a 29', 'b 0', 'b 1']);
    expect(queue.pending()).toBe(70); // nothing changes before GitHub took them
    first.commit();
    expect(progress).toEqual({
      logsRead: { nodeIds: ['empty', 'a'], annotations: 50 },
      partial: { nodeId: 'b', sent: 20 },
    });
    const second = queue.take();
    expect(second.annotations.map((x) => x.message)).toEqual(
      notes('b', 40)
        .slice(20)
        .map((x) => x.message),
    );
    second.commit();
    expect(progress).toEqual({ logsRead: { nodeIds: ['empty', 'a', 'b'], annotations: 70 } });
    expect(queue.take().annotations).toEqual([]);
  });

  it('a resumed attempt skips what an earlier attempt published of a half-sent step, and keeps the total cap', () => {
    const progress: AnnotationProgress = {
      logsRead: { nodeIds: ['a'], annotations: 60 },
      partial: { nodeId: 'b', sent: 20 },
    };
    const queue = new AnnotationQueue(progress);
    expect(queue.budget(100)).toBe(60); // 100 − 60 published + 20 of b read again
    queue.add([{ nodeId: 'b', annotations: notes('b', 40) }]);
    expect(queue.pending()).toBe(20);
    expect(queue.take().annotations[0]!.message).toBe('b 20');
    expect(queue.budget(100)).toBe(20);
    expect(queue.budget(10)).toBe(0);
  });
});
