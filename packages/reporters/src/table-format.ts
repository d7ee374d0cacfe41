import type { FailureRecord } from '@track/core';
import { type ReportInput, toReportData } from './report-input';

/** Options of {@link formatTable}. */
export interface TableFormatOptions {
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
 * An aligned summary for terminals: client, method, pass, fail, fail %, p50/p95/p99 and max latency;
 * under each failing method its top failures (count, error name, message, first frame).
 */
export function formatTable(input: ReportInput, options: TableFormatOptions = {}): string {
  const color = options.color ?? (Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  const top = options.topFailures ?? 3;
  const { methods } = toReportData(input);
  const header = ['client', 'method', 'pass', 'fail', 'fail %', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
  const rows = methods.map((m) => {
    const total = m.pass + m.fail;
    return [
      m.client,
      m.method,
      String(m.pass),
      String(m.fail),
      total === 0 ? '0.0' : ((100 * m.fail) / total).toFixed(1),
      ms(m.latency.p50),
      ms(m.latency.p95),
      ms(m.latency.p99),
      ms(m.latency.max),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = (i: number) => i >= 2;
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  methods.forEach((m, index) => {
    const text = line(rows[index]!);
    out.push(color ? `${m.fail > 0 ? RED : GREEN}${text}${RESET}` : text);
    for (const failure of m.failures.slice(0, top)) {
      const detail = `    ${failure.count}x ${failure.name ?? 'Error'}: ${oneLine(failure.message ?? '')}${firstFrame(failure) ? ` ${firstFrame(failure)}` : ''}`;
      out.push(color ? `${DIM}${detail}${RESET}` : detail);
    }
    const more = m.failures.length - top + m.droppedFailures;
    if (m.fail > 0 && more > 0) out.push(`    ... ${more} more distinct failure${more === 1 ? '' : 's'}`);
  });
  const totals = methods.reduce((t, m) => ({ pass: t.pass + m.pass, fail: t.fail + m.fail }), {
    pass: 0,
    fail: 0,
  });
  out.push('', `${methods.length} methods, ${totals.pass} pass, ${totals.fail} fail`);
  return `${out.join('\n')}\n`;
}

function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

/** The first `at ...` frame of a stack, e.g. `(volumes-client.ts:42:11)`. */
export function firstFrame(failure: FailureRecord): string | undefined {
  const match = /\n\s+at (.+)/.exec(failure.stack);
  return match ? `at ${match[1]!.trim()}` : undefined;
}
