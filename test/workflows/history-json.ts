import proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';
import { createRequire } from 'node:module';

/**
 * `historyToJSON`/`historyFromJSON` of @temporalio/common, bound to the protobufjs copy that built
 * @temporalio/proto's types. In this install npm could not hoist protobufjs 8 (grpc's proto-loader holds
 * protobufjs 7 at the top), so common and proto each carry their own copy and the SDK's helpers throw
 * "type must be a Type". Output and input are the standard Temporal history JSON (as `temporal workflow show
 * --output json` writes), so `Worker.runReplayHistory` gets a real History either way.
 */
type ProtoJson = {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): unknown;
};

const requireBesideProto = createRequire(createRequire(import.meta.url).resolve('@temporalio/proto'));
const { toJson, fromJson } = requireBesideProto('protobufjs/ext/protojson') as ProtoJson;
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType(
  'temporal.api.history.v1.History',
);

export type History = proto.temporal.api.history.v1.IHistory;

/** A fetched history as pretty-printed proto JSON. */
export function historyToJSON(history: History): string {
  return JSON.stringify(toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history)), null, 2);
}

/** Parsed history JSON (as written by {@link historyToJSON}) back to a History message. */
export function historyFromJSON(json: unknown): History {
  return fromJson(historyType, json, { ignoreUnknownFields: true }) as History;
}
