import { type MethodStats, retriesText } from '@track/core';
import { failureMessage } from './failure-message';
import { type RedactOptions, redactMeta, redactStats } from './redact';
import { epochOf, type ReportInput, type ReportMeta, toReportData } from './report-input';
import { capUtf8, cdata, escapeXml } from './xml-text';

/** Options of {@link toJUnit}. */
export interface JUnitOptions extends RedactOptions {
  /** Failure text kept per testcase, in bytes (default 64 KiB). */
  maxFailureBytes?: number;
  /**
   * Size budget of the whole file, in bytes (default {@link JUNIT_DEFAULT_MAX_BYTES}). When the
   * full document is larger, fewer failure traces per testcase and fewer frames per stack are kept
   * until it fits; the file says what was left out.
   */
  maxBytes?: number;
}

/** Default JUnit size budget: 20 MiB, well under GitLab's 30 MB limit on a JUnit file. */
export const JUNIT_DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

/** How much failure detail a testcase keeps: distinct traces, and `at ...` frames per stack. */
interface Detail {
  traces: number;
  frames: number;
}

// Tried in order until the file fits: first shorter stacks (the top frames say most), then fewer
// distinct traces, down to counts and the most frequent message only.
const DETAIL_STEPS: readonly Detail[] = [
  { traces: Number.POSITIVE_INFINITY, frames: Number.POSITIVE_INFINITY },
  { traces: Number.POSITIVE_INFINITY, frames: 10 },
  { traces: 10, frames: 10 },
  { traces: 10, frames: 5 },
  { traces: 5, frames: 5 },
  { traces: 3, frames: 3 },
  { traces: 1, frames: 3 },
  { traces: 1, frames: 1 },
  { traces: 0, frames: 0 },
];

/** A stack line that is a call frame (`    at VolumesClient.getVolume (...)`). */
const FRAME = /^\s+at /;

/**
 * JUnit XML: `testsuites` > one `testsuite` per client > one `testcase` per traced method (a method,
 * not a call: a million calls give one testcase per method). A method with failures gets one
 * `failure` element with its counts and deduplicated stack traces; every testcase has a
 * `system-out` line with its pass, fail and (when any) retry counts. Only attributes the strict
 * Jenkins xunit schema accepts are written; counts equal the child elements; `time` is the method's
 * total time in seconds (mean latency x calls, 3 decimals: core times only a sample of the calls).
 * The file stays within `options.maxBytes` (default 20 MiB) by trimming failure detail, with a
 * comment at the top and a note in each trimmed failure saying what was left out; only counts are
 * kept when even that is not enough (the budget cannot be met by a file with that many methods).
 */
export function toJUnit(input: ReportInput, meta: ReportMeta = {}, options: JUnitOptions = {}): string {
  const maxFailureBytes = options.maxFailureBytes ?? 64 * 1024;
  const budget = options.maxBytes ?? JUNIT_DEFAULT_MAX_BYTES;
  const { methods } = toReportData(redactStats(input, options.redact));
  meta = redactMeta(meta, options.redact);
  const shapes = methods.map((m) => m.failures.map((f) => frameLengths(f.stack)));
  let xml = '';
  for (const detail of DETAIL_STEPS) {
    const isLastStep = detail === DETAIL_STEPS[DETAIL_STEPS.length - 1];
    // Rendering tens of megabytes costs time: skip a level whose stack text alone is over budget.
    if (!isLastStep && stackTextLength(methods, shapes, detail, maxFailureBytes) > budget) continue;
    const rendered = renderJUnit(methods, meta, { maxFailureBytes, detail, budget, canAbort: !isLastStep });
    if (rendered === undefined) continue;
    xml = rendered;
    if (isLastStep || Buffer.byteLength(xml) <= budget) return xml;
  }
  return xml;
}

/** Lengths of each line of `stack` that is an `at ...` frame, newline included, in order. */
function frameLengths(stack: string): number[] {
  const lengths: number[] = [];
  for (const line of stack.split('\n')) if (FRAME.test(line)) lengths.push(line.length + 1);
  return lengths;
}

/**
 * About the least the file can weigh at one level of detail: the kept stack text alone (the file
 * holds all of it, bar characters XML forbids).
 */
function stackTextLength(
  methods: MethodStats[],
  shapes: number[][][],
  detail: Detail,
  maxFailureBytes: number,
): number {
  let length = 0;
  methods.forEach((m, index) => {
    if (m.fail === 0) return;
    let body = 0;
    m.failures.slice(0, detail.traces).forEach((f, i) => {
      const frames = shapes[index]![i]!;
      let cut = 0;
      for (let j = Number.isFinite(detail.frames) ? detail.frames : frames.length; j < frames.length; j++)
        cut += frames[j]!;
      body += f.stack.length - cut;
    });
    length += Math.min(body, maxFailureBytes);
  });
  return length;
}

/** The document at one level of detail; undefined as soon as it is sure to exceed the budget, if it `canAbort`. */
function renderJUnit(
  methods: MethodStats[],
  meta: ReportMeta,
  limits: { maxFailureBytes: number; detail: Detail; budget: number; canAbort: boolean },
): string | undefined {
  const { maxFailureBytes, detail, budget } = limits;
  const byClient = new Map<string, MethodStats[]>();
  for (const m of methods) {
    const list = byClient.get(m.client);
    if (list) list.push(m);
    else byClient.set(m.client, [m]);
  }
  const started = epochOf(meta.startedAt);
  const timestamp = started === undefined ? undefined : new Date(started).toISOString().slice(0, 19);
  const suites: string[] = [];
  // UTF-16 length never exceeds UTF-8 bytes: once it passes the budget, the file will too.
  let length = 0;
  let total = 0;
  let failures = 0;
  let time = 0;
  for (const [client, list] of byClient) {
    const cases: string[] = [];
    for (const m of list) {
      const text = testcase(m, maxFailureBytes, detail);
      length += text.length;
      if (limits.canAbort && length > budget) return undefined;
      cases.push(text);
    }
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
  const trimmed =
    detail === DETAIL_STEPS[0]
      ? ''
      : `<!-- Trimmed to fit the ${budget}-byte size budget: ${
          detail.traces === 0
            ? 'no failure traces'
            : `at most ${detail.traces} failure trace${detail.traces === 1 ? '' : 's'} per testcase, ${
                Number.isFinite(detail.frames)
                  ? `${detail.frames} stack frame${detail.frames === 1 ? '' : 's'} per trace`
                  : 'stacks in full'
              }`
        }. The JSON report keeps them all. -->\n`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${trimmed}<testsuites name="${escapeXml(name)}" tests="${total}" failures="${failures}" errors="0" time="${time.toFixed(3)}">\n${suites.join('')}</testsuites>\n`;
}

/** Total time of a method's calls: core times a sample of them, so mean x all calls. */
function seconds(m: MethodStats): number {
  const calls = m.pass + m.fail;
  return m.latency.count === 0 || !Number.isFinite(m.latency.mean) ? 0 : (m.latency.mean * calls) / 1000;
}

function testcase(m: MethodStats, maxBytes: number, detail: Detail): string {
  const open = `    <testcase name="${escapeXml(m.method)}" classname="${escapeXml(m.client)}" time="${seconds(m).toFixed(3)}"`;
  const summary = `${m.pass} pass, ${m.fail} fail${m.retries > 0 ? `, ${retriesText(m.retries)}` : ''}`;
  const out = `      <system-out>${cdata(summary)}</system-out>\n`;
  if (m.fail === 0) return `${open}>\n${out}    </testcase>\n`;
  const top = m.failures[0];
  const message = `${m.fail} of ${m.pass + m.fail} calls failed${top ? `; most frequent: ${top.name ?? 'Error'}: ${failureMessage(top).shown}` : ''}`;
  const shown = m.failures.slice(0, detail.traces);
  const notShown = m.failures.length - shown.length;
  const body = [
    `${summary}; ${m.failures.length} distinct failure${m.failures.length === 1 ? '' : 's'}${m.droppedFailures ? ` (+${m.droppedFailures} failures with traces not kept)` : ''}`,
    ...shown.map(
      (f, i) =>
        `\n--- failure ${i + 1}: ${f.count}x, first ${new Date(f.firstAt).toISOString()}, last ${new Date(f.lastAt).toISOString()}\n${messageLines(f)}${trimStack(f.stack, detail.frames)}`,
    ),
    ...(notShown > 0
      ? [
          `\n--- ${notShown} more distinct failure${notShown === 1 ? '' : 's'} not shown (file size budget; the JSON report keeps them all)`,
        ]
      : []),
  ].join('\n');
  return `${open}>\n      <failure message="${escapeXml(capUtf8(message, 1024))}" type="${escapeXml(top?.name ?? 'Error')}">${cdata(capUtf8(body, maxBytes))}</failure>\n${out}    </testcase>\n`;
}

/**
 * The normalized message and one original, each on its line, when the two differ (the stack's first
 * line holds the original); nothing otherwise.
 */
function messageLines(failure: MethodStats['failures'][number]): string {
  const { shown, example } = failureMessage(failure);
  return example === undefined ? '' : `message: ${shown}\ne.g.: ${example}\n`;
}

/** `stack` with at most `frames` of its `at ...` lines, and a note of how many were cut. */
function trimStack(stack: string, frames: number): string {
  if (!Number.isFinite(frames)) return stack;
  let seen = 0;
  const kept = stack.split('\n').filter((line) => !FRAME.test(line) || ++seen <= frames);
  const cut = seen - frames;
  return cut > 0
    ? `${kept.join('\n')}\n    ... ${cut} more frame${cut === 1 ? '' : 's'} (file size budget)`
    : stack;
}
