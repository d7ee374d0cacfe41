import type { MethodStats } from '@track/core';
import { epochOf, type ReportInput, type ReportMeta, toReportData } from './report-input';
import { capUtf8, cdata, escapeXml } from './xml-text';

/** Options of {@link toJUnit}. */
export interface JUnitOptions {
  /** Failure text kept per testcase, in bytes (default 64 KiB). */
  maxFailureBytes?: number;
}

/**
 * JUnit XML: `testsuites` > one `testsuite` per client > one `testcase` per traced method (a method,
 * not a call: a million calls give one testcase per method). A method with failures gets one
 * `failure` element with its counts and deduplicated stack traces. Only attributes the strict
 * Jenkins xunit schema accepts are written; counts equal the child elements; `time` is the
 * method's total traced time in seconds (mean x timed calls, 3 decimals).
 */
export function toJUnit(input: ReportInput, meta: ReportMeta = {}, options: JUnitOptions = {}): string {
  const maxBytes = options.maxFailureBytes ?? 64 * 1024;
  const { methods } = toReportData(input);
  const byClient = new Map<string, MethodStats[]>();
  for (const m of methods) byClient.set(m.client, [...(byClient.get(m.client) ?? []), m]);
  const started = epochOf(meta.startedAt);
  const timestamp = started === undefined ? undefined : new Date(started).toISOString().slice(0, 19);
  const suites: string[] = [];
  let total = 0;
  let failures = 0;
  let time = 0;
  for (const [client, list] of byClient) {
    const cases = list.map((m) => testcase(m, maxBytes));
    const suiteFailures = list.filter((m) => m.fail > 0).length;
    const suiteTime = list.reduce((t, m) => t + seconds(m), 0);
    total += list.length;
    failures += suiteFailures;
    time += suiteTime;
    const attrs = [
      `name="${escapeXml(client)}"`,
      `tests="${list.length}"`,
      `failures="${suiteFailures}"`,
      `errors="0"`,
      `skipped="0"`,
      `time="${suiteTime.toFixed(3)}"`,
      ...(timestamp ? [`timestamp="${timestamp}"`] : []),
    ];
    suites.push(`  <testsuite ${attrs.join(' ')}>\n${cases.join('')}  </testsuite>\n`);
  }
  const name = meta.title ?? meta.scenario ?? 'track';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${escapeXml(name)}" tests="${total}" failures="${failures}" errors="0" time="${time.toFixed(3)}">\n${suites.join('')}</testsuites>\n`;
}

function seconds(m: MethodStats): number {
  return (m.latency.mean * m.latency.count) / 1000;
}

function testcase(m: MethodStats, maxBytes: number): string {
  const open = `    <testcase name="${escapeXml(m.method)}" classname="${escapeXml(m.client)}" time="${seconds(m).toFixed(3)}"`;
  const summary = `${m.pass} pass, ${m.fail} fail`;
  if (m.fail === 0) return `${open}>\n      <system-out>${cdata(summary)}</system-out>\n    </testcase>\n`;
  const top = m.failures[0];
  const message = `${m.fail} of ${m.pass + m.fail} calls failed${top ? `; most frequent: ${top.name ?? 'Error'}: ${top.message ?? ''}` : ''}`;
  const body = [
    `${summary}; ${m.failures.length} distinct failure${m.failures.length === 1 ? '' : 's'}${m.droppedFailures ? ` (+${m.droppedFailures} failures with traces not kept)` : ''}`,
    ...m.failures.map(
      (f, i) =>
        `\n--- failure ${i + 1}: ${f.count}x, first ${new Date(f.firstAt).toISOString()}, last ${new Date(f.lastAt).toISOString()}\n${f.stack}`,
    ),
  ].join('\n');
  return `${open}>\n      <failure message="${escapeXml(capUtf8(message, 1024))}" type="${escapeXml(top?.name ?? 'Error')}">${cdata(capUtf8(body, maxBytes))}</failure>\n    </testcase>\n`;
}
