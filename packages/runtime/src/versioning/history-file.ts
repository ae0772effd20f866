/**
 * Histories as JSON files (the replay corpus): protobuf objects with enum names, base64 bytes
 * and string longs, read back with `historyFromObject`. Self-contained in @temporalio/proto.
 * @module
 */
import proto from '@temporalio/proto';

type History = proto.temporal.api.history.v1.IHistory;
const { History } = proto.temporal.api.history.v1;

/** A history as a JSON-safe object. */
export function historyToObject(history: History): Record<string, unknown> {
  const message = History.decode(History.encode(history).finish());
  return History.toObject(message, { longs: String, enums: String, bytes: String, defaults: false });
}

/** A history read from `historyToObject`'s JSON. */
export function historyFromObject(json: unknown): History {
  return History.fromObject(json as Record<string, unknown>);
}
