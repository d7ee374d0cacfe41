/** UUIDs (with or without dashes), OpenStack request ids and long hexadecimal ids. */
const IDS =
  /\breq-[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\b[0-9a-f]{32}\b/gi;

/** The position V8 prints in `at async Promise.all (index 7)`: which of many parallel workers failed. */
const PROMISE_INDEX = /\b(Promise\.(?:all|allSettled|any) \(index )\d+\)/g;

/**
 * Replaces the ids in a failure's text (UUIDs, `req-…` request ids, 32-digit hexadecimal ids) with
 * `{id}`, and the index in V8's `at async Promise.all (index 7)` frames with `{n}`, so that failures
 * that differ only by the resource, the request or the parallel worker they were about share one
 * trace. A ready-made {@link TraceOptions.normalizeStack}. Frame names and positions are untouched.
 */
export function replaceIds(text: string): string {
  return replacePromiseIndexes(text.replace(IDS, '{id}'));
}

/** `at async Promise.all (index 7)` as `at async Promise.all (index {n})`; nothing else changes. */
export function replacePromiseIndexes(text: string): string {
  return text.replace(PROMISE_INDEX, '$1{n})');
}
