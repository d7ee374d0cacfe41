/**
 * Parses `Retry-After`: delay seconds, or an HTTP date taken relative to the response's `Date`
 * header (else the local clock). Returns seconds (>= 0), or `undefined` when absent or unparseable.
 */
export function parseRetryAfter(
  value: string | undefined,
  dateHeader: string | undefined,
  now: () => number = Date.now,
): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  const base = dateHeader === undefined ? now() : Date.parse(dateHeader);
  return Math.max(0, Math.ceil((at - (Number.isNaN(base) ? now() : base)) / 1000));
}
