import { retriesText } from './retries-text';
import { terminalText } from './terminal-text';

/** What the per-method line shows: a `MethodStats` or any object with these fields. */
export interface MethodLineCounts {
  client: string;
  method: string;
  pass: number;
  fail: number;
  retries: number;
}

/**
 * The per-method log line, `[VolumesClient:getVolume] 6225 pass, 0 fail`, with `, 3 retries` (or
 * `, 1 retry`) when the client layer retried. Names go through {@link terminalText}, so the line is
 * always one line without control characters. `Stats.log` and `@track/reporters` both write it.
 */
export function formatMethodLine(m: MethodLineCounts): string {
  const retries = m.retries > 0 ? `, ${retriesText(m.retries)}` : '';
  return `[${terminalText(m.client)}:${terminalText(m.method)}] ${m.pass} pass, ${m.fail} fail${retries}`;
}
