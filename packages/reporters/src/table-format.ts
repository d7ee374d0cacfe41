import { type FailureRecord, retriesText, terminalText } from '@track/core';
import { cutToWidth, displayWidth } from './display-width';
import { formatFailPercent } from './fail-percent';
import { failureMessage } from './failure-message';
import { type RedactOptions, redactStats } from './redact';
import { type ReportInput, toReportData } from './report-input';

/** Options of {@link formatTable}. */
export interface TableFormatOptions extends RedactOptions {
  /** ANSI colour (default: only when stdout is a TTY and NO_COLOR is unset). */
  color?: boolean;
  /** Failures shown per failing method (default 3). */
  topFailures?: number;
}

const RED = '\u001b[31m';
const GREEN = '\u001b[32m';
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

/**
 * An aligned summary for terminals: client, method, pass, fail, retries, fail %, p50/p95/p99 and max
 * latency; under each failing method its top failures (count, error name, message, first frame),
 * the message normalized (ids as `{id}`) with one original under it (`e.g. ...`) where they differ.
 * Every text taken from the run goes through {@link terminalText}: an error message cannot move the
 * cursor, clear the screen or retitle the terminal.
 */
export function formatTable(input: ReportInput, options: TableFormatOptions = {}): string {
  const color = options.color ?? (Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  const top = options.topFailures ?? 3;
  const { methods } = toReportData(redactStats(input, options.redact));
  const header = [
    'client',
    'method',
    'pass',
    'fail',
    'retries',
    'fail %',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
  ];
  const rows = methods.map((m) => [
    terminalText(m.client),
    terminalText(m.method),
    String(m.pass),
    String(m.fail),
    String(m.retries),
    formatFailPercent(m.fail, m.pass + m.fail),
    ms(m.latency.p50),
    ms(m.latency.p95),
    ms(m.latency.p99),
    ms(m.latency.max),
  ]);
  // Widths in terminal columns of the text as printed (escapes, wide characters), not UTF-16 units.
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => displayWidth(r[i]!))));
  const numeric = (i: number) => i >= 2;
  const line = (cells: string[]) =>
    cells
      .map((c, i) => {
        const pad = ' '.repeat(widths[i]! - displayWidth(c));
        return numeric(i) ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  methods.forEach((m, index) => {
    const text = line(rows[index]!);
    out.push(color ? `${m.fail > 0 ? RED : GREEN}${text}${RESET}` : text);
    for (const failure of m.failures.slice(0, top)) {
      const frame = firstFrame(failure);
      const { shown, example } = failureMessage(failure);
      const detail = `    ${failure.count}x ${oneLine(failure.name ?? 'Error')}: ${oneLine(shown)}${frame ? ` ${oneLine(frame)}` : ''}`;
      out.push(color ? `${DIM}${detail}${RESET}` : detail);
      if (example !== undefined) {
        const line = `        e.g. ${oneLine(example)}`;
        out.push(color ? `${DIM}${line}${RESET}` : line);
      }
    }
    // Two different counts: distinct traces kept but not listed here, and failures whose trace the
    // run did not keep at all (beyond its per-method trace limit). Adding them mixes traces and calls.
    const notShown = Math.max(0, m.failures.length - top);
    if (notShown > 0)
      out.push(`    ... ${notShown} more distinct trace${notShown === 1 ? '' : 's'} not shown`);
    if (m.droppedFailures > 0) out.push(`    ... ${untracedText(m.droppedFailures)}`);
  });
  const totals = methods.reduce(
    (t, m) => ({ pass: t.pass + m.pass, fail: t.fail + m.fail, retries: t.retries + m.retries }),
    { pass: 0, fail: 0, retries: 0 },
  );
  out.push(
    '',
    `${methods.length} methods, ${totals.pass} pass, ${totals.fail} fail${totals.retries > 0 ? `, ${retriesText(totals.retries)}` : ''}`,
  );
  return `${out.join('\n')}\n`;
}

function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
}

/** `1 failure without a kept trace (trace limit reached)`: failures counted whose trace was dropped. */
function untracedText(failures: number): string {
  return `${failures} failure${failures === 1 ? '' : 's'} without a kept trace (trace limit reached)`;
}

function oneLine(text: string): string {
  const flat = terminalText(text.replace(/\s+/g, ' ').trim());
  return displayWidth(flat) > 120 ? `${cutToWidth(flat, 117)}...` : flat;
}

/** The first `at ...` frame of a stack, e.g. `(volumes-client.ts:42:11)`. */
export function firstFrame(failure: FailureRecord): string | undefined {
  const match = /\n\s+at (.+)/.exec(failure.stack);
  return match ? `at ${match[1]!.trim()}` : undefined;
}
