import { escapeHtml, formatPercent, terminalText } from '@track/reporters';
import type { Comparison, MethodComparison, MethodSide } from './compare-reports';

/** A fail rate as every report shows it (`0.032%`). */
function rateText(side: MethodSide | undefined): string {
  return side ? `${formatPercent(side.failRate)}%` : '-';
}

/** A change in percentage points, signed: `+0.80pp`, `-1.2pp`, `0pp`. */
function ppText(change: number | undefined): string {
  if (change === undefined) return '-';
  if (change === 0) return '0pp';
  return `${change > 0 ? '+' : '-'}${formatPercent(Math.abs(change))}pp`;
}

/** A relative change, signed: `+35.0%`. */
function relativeText(change: number | undefined): string {
  if (change === undefined) return '-';
  return `${change >= 0 ? '+' : '-'}${Math.abs(change).toFixed(1)}%`;
}

function ms(value: number | undefined): string {
  if (value === undefined) return '-';
  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
}

function percentileText(m: MethodComparison, key: 'p50' | 'p95' | 'p99'): string {
  if (!m.baseline || !m.current) return ms(m.current?.[key] ?? m.baseline?.[key]);
  return `${ms(m.baseline[key])}->${ms(m.current[key])} ${relativeText(m.latencyChangePercent?.[key])}`;
}

/** What a method's row says when one side never called it. */
function presence(m: MethodComparison): string {
  if (!m.baseline) return 'new method';
  if (!m.current) return 'not called';
  return '';
}

const HEADER = [
  'client',
  'method',
  'fail % before',
  'fail % now',
  'change',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'verdict',
];

function rowOf(m: MethodComparison, display: (text: string) => string): string[] {
  return [
    display(m.client),
    display(m.method),
    rateText(m.baseline),
    rateText(m.current),
    ppText(m.failRateChangePp),
    percentileText(m, 'p50'),
    percentileText(m, 'p95'),
    percentileText(m, 'p99'),
    m.breaches.length > 0 ? `WORSE: ${m.breaches.join('; ')}` : presence(m) || 'ok',
  ];
}

/**
 * An aligned table for terminals, one row per method (worst first): fail rate before and now and
 * its change in percentage points, p50/p95/p99 before -> now with their relative change, and the
 * verdict; under a method its new failure traces (count, name, message). Names and messages go
 * through the reporters' `terminalText`.
 */
export function formatComparisonTable(comparison: Comparison): string {
  const rows = comparison.methods.map((m) => rowOf(m, terminalText));
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 2 && i < 8 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(HEADER), widths.map((w) => '-'.repeat(w)).join('  ')];
  comparison.methods.forEach((m, index) => {
    out.push(line(rows[index]!));
    for (const failure of m.newFailures.slice(0, 3)) {
      const text = `${failure.name ?? 'Error'}: ${failure.message ?? ''}`.replace(/\s+/g, ' ').trim();
      out.push(
        `    new: ${failure.count}x ${terminalText(text.length > 120 ? `${text.slice(0, 117)}...` : text)}`,
      );
    }
    if (m.newFailures.length > 3) out.push(`    ... ${m.newFailures.length - 3} more new failure traces`);
  });
  const worse = comparison.methods.filter((m) => m.breaches.length > 0).length;
  out.push(
    '',
    worse > 0
      ? `${worse} of ${comparison.methods.length} methods got worse beyond the limits`
      : `no method got worse beyond the limits (${comparison.methods.length} methods compared)`,
  );
  return `${out.join('\n')}\n`;
}

/** The comparison as JSON text (2-space indented, newline-terminated). */
export function formatComparisonJson(
  comparison: Comparison,
  files: { baseline: string; current: string },
): string {
  return `${JSON.stringify({ baseline: files.baseline, current: files.current, ...comparison }, null, 2)}\n`;
}

/**
 * One self-contained HTML page of the comparison: the same table as the terminal's, rows that
 * crossed a limit marked, each method's new failure traces folded under it. Every text from the
 * reports is escaped with the reporters' `escapeHtml`; a Content-Security-Policy allows no script
 * and no network.
 */
export function formatComparisonHtml(
  comparison: Comparison,
  files: { baseline: string; current: string },
): string {
  const rows = comparison.methods
    .map((m) => {
      const cells = rowOf(m, (text) => text)
        .map((cell) => `<td>${escapeHtml(cell)}</td>`)
        .join('');
      const traces = m.newFailures
        .map(
          (f) =>
            `<details><summary>${f.count}x ${escapeHtml(`${f.name ?? 'Error'}: ${f.message ?? ''}`)}</summary><pre>${escapeHtml(f.stack)}</pre></details>`,
        )
        .join('');
      const tracesRow = traces ? `<tr class="traces"><td colspan="${HEADER.length}">${traces}</td></tr>` : '';
      return `<tr class="${m.breaches.length > 0 ? 'worse' : 'ok'}">${cells}</tr>${tracesRow}`;
    })
    .join('\n');
  const worse = comparison.methods.filter((m) => m.breaches.length > 0).length;
  const title = `cinder-stress compare: ${files.baseline} -> ${files.current}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 1.5em; }
table { border-collapse: collapse; }
th, td { padding: 0.25em 0.6em; border-bottom: 1px solid #ddd; text-align: left; white-space: nowrap; }
tr.worse td { background: #fde8e8; }
pre { white-space: pre-wrap; font-size: 12px; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${worse > 0 ? `${worse} of ${comparison.methods.length} methods got worse beyond the limits.` : `No method got worse beyond the limits (${comparison.methods.length} methods compared).`}</p>
<table>
<thead><tr>${HEADER.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}
