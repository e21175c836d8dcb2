import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';

const { temporal } = proto;

export interface HistoryFigures {
  workflowId: string;
  events: number;
  /** the History message encoded as protobuf, exactly as Temporal stores and sends it */
  protobufBytes: number;
  /** event type (without the EVENT_TYPE_ prefix) → count, in order of first appearance */
  byType: Record<string, number>;
  /** event type → protobuf bytes of those events together (where the size is: inputs, results) */
  bytesByType: Record<string, number>;
}

const eventTypeName = (type: unknown): string => {
  const name = typeof type === 'number' ? temporal.api.enums.v1.EventType[type] : String(type);
  return (name ?? String(type)).replace(/^EVENT_TYPE_/, '');
};

/** Counts one completed workflow's history events, by type, and its encoded size. */
export async function historyFigures(client: Client, workflowId: string): Promise<HistoryFigures> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const byType: Record<string, number> = {};
  const bytesByType: Record<string, number> = {};
  for (const event of events) {
    const name = eventTypeName(event.eventType);
    byType[name] = (byType[name] ?? 0) + 1;
    bytesByType[name] =
      (bytesByType[name] ?? 0) + temporal.api.history.v1.HistoryEvent.encode(event).finish().byteLength;
  }
  const protobufBytes = temporal.api.history.v1.History.encode(history).finish().byteLength;
  return { workflowId, events: events.length, protobufBytes, byType, bytesByType };
}
