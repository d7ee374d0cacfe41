import { createHash } from 'node:crypto';
import { type MethodStats, type TimelineBucket, visibleText } from '@track/core';
import { failRate, formatFailPercent } from './fail-percent';
import { failureMessage } from './failure-message';
import { uplotAssets } from './html-assets';
import { REPORT_SCRIPT } from './html-report-script';
import { type RedactOptions, redactMeta, redactStats } from './redact';
import { epochOf, type ReportInput, type ReportMeta, toReportData } from './report-input';

/** Options of {@link toHtml}. */
export interface HtmlOptions extends RedactOptions {
  /** Distinct failures shown in full per method (default 5; the JSON report keeps them all). */
  failuresPerMethod?: number;
  /** Characters of each stack shown (default 2,000). */
  maxStackChars?: number;
  /**
   * Size budget of the whole document in bytes (default 5 MiB). When the stack traces would exceed
   * it, fewer traces per method and shorter stacks are shown, and the report says so.
   */
  maxBytes?: number;
  /** Methods ranked in each chart: most failures, most calls, slowest p99 (default 20). */
  chartMethods?: number;
}

/** What {@link toHtml} shows of each failing method's stack traces after fitting the size budget. */
interface TraceBudget {
  perMethod: number;
  stackChars: number;
}

/**
 * Text escaped for HTML element content and attribute values: markup escaped, and every control,
 * bidirectional override or lone surrogate shown as a visible escape ({@link visibleText}; line
 * feeds and tabs kept), so a name never renders reversed.
 */
export function escapeHtml(text: string): string {
  return visibleText(text, { multiline: true })
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON safe inside `<script type="application/json">`: no `<`, no line separators. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}

const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
/** Stacks are not cut below this while traces per method can still be dropped instead. */
const PREFERRED_STACK_CHARS = 800;
const MIN_STACK_CHARS = 200;
/** Markup around each fold and each trace, beyond the escaped text (measured, rounded up). */
const FOLD_OVERHEAD = 200;
const TRACE_OVERHEAD = 120;

/**
 * One self-contained HTML file that opens offline: a summary, a ranked list of the failing methods,
 * charts (fail % and calls of the top methods, latency percentiles of the slowest, calls over time
 * when there is a timeline) drawn by the inlined uPlot, a sortable per-method table, and each failing
 * method's stack traces folded under it. Every untrusted text is escaped; a Content-Security-Policy
 * allows only the two inline scripts by hash and no network. The whole document keeps within
 * `maxBytes` by showing fewer and shorter stack traces (it says what it left out); only a run whose
 * table alone is larger goes over. `options.redact` is applied to every text of the statistics and
 * the meta before anything else.
 */
export function toHtml(input: ReportInput, meta: ReportMeta = {}, options: HtmlOptions = {}): string {
  const asked: TraceBudget = {
    perMethod: options.failuresPerMethod ?? 5,
    stackChars: options.maxStackChars ?? 2000,
  };
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const { methods, timeline } = toReportData(redactStats(input, options.redact));
  meta = redactMeta(meta, options.redact);
  const page = renderPage(methods, timeline?.buckets ?? [], meta, options.chartMethods ?? 20);
  const rows = methods.map((m, index) => methodRow(m, index));
  const assemble = (budget: TraceBudget, notice: string) =>
    page.before +
    notice +
    page.middle +
    rows.map((row, index) => row + foldRow(methods[index] as MethodStats, index, budget)).join('') +
    page.after;

  const fixedBytes = Buffer.byteLength(assemble({ perMethod: 0, stackChars: 0 }, ''));
  let budget = fitTraces(methods, asked, maxBytes - fixedBytes - 1024);
  for (;;) {
    const html = assemble(budget, trimNotice(asked, budget, maxBytes, fixedBytes));
    const bytes = Buffer.byteLength(html);
    // The fit is an estimate; step down until the real document fits.
    if (bytes <= maxBytes || budget.perMethod === 0) return html;
    budget =
      budget.stackChars > MIN_STACK_CHARS
        ? { ...budget, stackChars: Math.max(MIN_STACK_CHARS, Math.floor(budget.stackChars * 0.8)) }
        : { perMethod: budget.perMethod - 1, stackChars: budget.stackChars };
  }
}

/** Everything but the notice and the table body, in three parts. */
function renderPage(
  methods: MethodStats[],
  timeline: TimelineBucket[],
  meta: ReportMeta,
  chartMethods: number,
): { before: string; middle: string; after: string } {
  const uplot = uplotAssets();
  const title = meta.title ?? `${meta.scenario ?? 'track'} report`;
  const totals = methods.reduce((t, m) => ({ pass: t.pass + m.pass, fail: t.fail + m.fail }), {
    pass: 0,
    fail: 0,
  });
  const ranked = rankMethods(methods, chartMethods);
  const chartData = {
    failing: ranked.failing.map(chartRow),
    busiest: ranked.busiest.map(chartRow),
    slowest: ranked.slowest.map(chartRow),
    timeline,
  };
  const started = epochOf(meta.startedAt);
  const ended = epochOf(meta.endedAt);
  const facts: [string, string][] = [];
  if (meta.scenario) facts.push(['scenario', meta.scenario]);
  if (meta.cloudName) facts.push(['cloud', meta.cloudName]);
  if (started !== undefined) facts.push(['started', new Date(started).toISOString()]);
  if (ended !== undefined) facts.push(['ended', new Date(ended).toISOString()]);
  const duration =
    meta.durationMs ?? (started !== undefined && ended !== undefined ? ended - started : undefined);
  if (duration !== undefined) facts.push(['duration', `${(duration / 1000).toFixed(1)} s`]);
  if (meta.concurrency !== undefined) facts.push(['concurrency', String(meta.concurrency)]);
  if (meta.runId !== undefined) facts.push(['run', meta.runId]);
  if (meta.runIds !== undefined) facts.push(['runs', meta.runIds.join(', ')]);
  if (meta.httpRequests !== undefined) {
    const { sent, failed } = meta.httpRequests;
    const rate = duration ? `, ${((sent * 1000) / duration).toFixed(1)}/s` : '';
    facts.push(['HTTP requests', `${sent} (${failed} failed${rate})`]);
  }
  facts.push(
    ['methods', String(methods.length)],
    [meta.httpRequests !== undefined ? 'traced calls pass' : 'pass', String(totals.pass)],
    [meta.httpRequests !== undefined ? 'traced calls fail' : 'fail', String(totals.fail)],
  );
  for (const [tool, version] of Object.entries(meta.toolVersions ?? {})) facts.push([tool, version]);

  const csp = `default-src 'none'; script-src 'sha256-${sha256(uplot.script)}' 'sha256-${sha256(REPORT_SCRIPT)}'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
  const before = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${uplot.style}
body{font:14px/1.4 system-ui,sans-serif;margin:20px;color:#1b1b1b}
h1{font-size:20px;margin:0 0 12px}
h2{font-size:16px;margin:22px 0 6px}
dl.facts{display:flex;flex-wrap:wrap;gap:6px 22px;margin:0 0 18px}
dl.facts div{display:flex;gap:6px}dl.facts dt{color:#666}dl.facts dd{margin:0;font-weight:600}
table{border-collapse:collapse;width:100%;margin:14px 0}
th,td{padding:4px 8px;border-bottom:1px solid #ddd;text-align:right;vertical-align:top}
#methods th{cursor:pointer;user-select:none;background:#f4f4f4;position:sticky;top:0}
th:nth-child(-n+2),td:nth-child(-n+2){text-align:left}
#failing th{background:#fbe9e9}
#failing th,#failing td:nth-child(n+3):nth-child(-n+5){white-space:nowrap}
#methods td:nth-child(-n+2),#failing td:nth-child(-n+2){overflow-wrap:anywhere}
#methods td:first-child,#failing td:first-child{min-width:min(12em,14vw)}
#methods td:nth-child(2),#failing td:nth-child(2){min-width:min(8em,10vw)}
#failing td:last-child,td.fold{overflow-wrap:anywhere}
@media (max-width:800px){body{margin:12px}th,td{padding:4px 5px}}
#failing td:last-child,#failing th:last-child{text-align:left;color:#7f0000}
tr.failing td{background:#fff3f3}
td.fold{text-align:left;background:#fafafa}
details summary{cursor:pointer;color:#b71c1c}
pre{white-space:pre-wrap;word-break:break-word;font-size:12px;margin:4px 0 10px;max-height:300px;overflow:auto}
p.ok{color:#2e7d32;font-weight:600}
p.example{margin:4px 0;color:#555;font-size:12px;overflow-wrap:anywhere}
p.trimmed{background:#fff8e1;border-left:4px solid #ffb300;padding:6px 10px}
.chart{margin:10px 0 24px}
.chart .u-legend{text-align:left}
.chart .u-over{cursor:pointer}
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<dl class="facts">${facts.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join('')}</dl>
`;
  const middle = `${failingList(ranked.failing, methods)}
<div id="chart-failures" class="chart"></div>
<div id="chart-calls" class="chart"></div>
<div id="chart-latency" class="chart"></div>
<div id="chart-timeline" class="chart"></div>
<h2>All methods</h2>
<table id="methods">
<thead><tr><th data-key="client">client</th><th data-key="method">method</th><th data-key="pass">pass</th><th data-key="fail">fail</th><th data-key="failrate">fail %</th><th data-key="p50">p50 ms</th><th data-key="p95">p95 ms</th><th data-key="p99">p99 ms</th><th data-key="max">max ms</th></tr></thead>
<tbody>
`;
  const after = `</tbody>
</table>
<script type="application/json" id="track-data">${jsonForScript(chartData)}</script>
<script>${uplot.script}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
  return { before, middle, after };
}

/** A method and its position in the table (the charts link back to its row by it). */
interface RankedMethod {
  index: number;
  method: MethodStats;
}

/**
 * The methods each chart shows, best first: most failures (then highest fail rate), most calls, and
 * slowest p99; ties keep table order, so the output is deterministic.
 */
export function rankMethods(
  methods: MethodStats[],
  limit: number,
): { failing: RankedMethod[]; busiest: RankedMethod[]; slowest: RankedMethod[] } {
  const all = methods.map((method, index) => ({ index, method }));
  const top = (list: RankedMethod[], score: (m: MethodStats) => number[]) =>
    list
      .map((r) => ({ r, keys: score(r.method) }))
      .sort((a, b) => {
        for (let k = 0; k < a.keys.length; k++) {
          const diff = (b.keys[k] as number) - (a.keys[k] as number);
          if (diff !== 0) return diff;
        }
        return a.r.index - b.r.index;
      })
      .slice(0, limit)
      .map((x) => x.r);
  return {
    failing: top(
      all.filter((r) => r.method.fail > 0),
      (m) => [m.fail, failRate(m.fail, m.pass + m.fail)],
    ),
    busiest: top(all, (m) => [m.pass + m.fail]),
    slowest: top(all, (m) => [m.latency.p99, m.latency.p95]),
  };
}

function chartRow({ index, method: m }: RankedMethod) {
  return {
    i: index,
    // Drawn on the canvas and shown in the legend as text: the same visible escapes as the tables.
    label: visibleText(`${m.client}:${m.method}`),
    pass: m.pass,
    fail: m.fail,
    // Unrounded: the chart's log axis reaches down to the smallest rate, 1 call in a million or less.
    failPct: failRate(m.fail, m.pass + m.fail),
    failPctText: formatFailPercent(m.fail, m.pass + m.fail),
    p50: round(m.latency.p50),
    p95: round(m.latency.p95),
    p99: round(m.latency.p99),
  };
}

/** The ranked failing methods as a plain table: readable without script, full names, first error. */
function failingList(failing: RankedMethod[], methods: MethodStats[]): string {
  if (failing.length === 0) return '<p class="ok" id="no-failures">No failures.</p>';
  const failingCount = methods.filter((m) => m.fail > 0).length;
  const heading =
    failingCount > failing.length
      ? `Failing methods: the ${failing.length} with most failures of ${failingCount}`
      : `Failing methods (${failingCount})`;
  const rows = failing
    .map(({ index, method: m }) => {
      const first = m.failures[0];
      const error = first
        ? `${first.name ?? 'Error'}: ${clip(failureMessage(first).shown, 200)}`
        : 'no trace kept';
      return `<tr class="failing-method"><td>${escapeHtml(m.client)}</td><td><a href="#method-${index}">${escapeHtml(m.method)}</a></td><td>${m.fail}</td><td>${m.pass + m.fail}</td><td>${formatFailPercent(m.fail, m.pass + m.fail)}</td><td>${escapeHtml(error)}</td></tr>`;
    })
    .join('\n');
  return `<h2>${heading}</h2>
<table id="failing">
<thead><tr><th>client</th><th>method</th><th>fail</th><th>calls</th><th>fail %</th><th>most frequent error</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

/**
 * The largest traces-per-method, then stack length, whose estimated size fits `bytes`: stacks are
 * cut to {@link PREFERRED_STACK_CHARS} before a method loses a trace, and below it only when one
 * trace per method is left.
 */
function fitTraces(methods: MethodStats[], asked: TraceBudget, bytes: number): TraceBudget {
  const failing = methods
    .filter((m) => m.failures.length > 0)
    .map((m) =>
      m.failures.slice(0, asked.perMethod).map((f) => {
        const escaped = Buffer.byteLength(escapeHtml(f.stack));
        return {
          fixed:
            TRACE_OVERHEAD +
            Buffer.byteLength(escapeHtml(`${f.name ?? ''}${f.message ?? ''}${failureMessage(f).shown}`)),
          length: f.stack.length,
          bytesPerChar: f.stack.length === 0 ? 1 : escaped / f.stack.length,
        };
      }),
    );
  const estimate = (perMethod: number, stackChars: number) => {
    let total = 0;
    for (const traces of failing) {
      total += FOLD_OVERHEAD;
      for (const t of traces.slice(0, perMethod))
        total += t.fixed + Math.min(t.length, stackChars) * t.bytesPerChar;
    }
    return total;
  };
  const longest = (perMethod: number, floor: number): number | undefined => {
    if (estimate(perMethod, floor) > bytes) return undefined;
    let lo = floor;
    let hi = asked.stackChars;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (estimate(perMethod, mid) <= bytes) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  if (failing.length === 0 || estimate(asked.perMethod, asked.stackChars) <= bytes) return asked;
  const preferred = Math.min(PREFERRED_STACK_CHARS, asked.stackChars);
  for (let perMethod = asked.perMethod; perMethod >= 1; perMethod--) {
    const stackChars = longest(perMethod, perMethod === 1 ? Math.min(MIN_STACK_CHARS, preferred) : preferred);
    if (stackChars !== undefined) return { perMethod, stackChars };
  }
  return { perMethod: 0, stackChars: 0 };
}

/** Says what the size budget left out, or nothing when the report shows all it was asked to. */
function trimNotice(asked: TraceBudget, shown: TraceBudget, maxBytes: number, fixedBytes: number): string {
  if (shown.perMethod >= asked.perMethod && shown.stackChars >= asked.stackChars) return '';
  const limit = `${(maxBytes / 1024 / 1024).toFixed(1)} MB`;
  let what: string;
  if (shown.perMethod === 0) {
    what =
      fixedBytes > maxBytes
        ? `this run's table alone is ${(fixedBytes / 1024 / 1024).toFixed(1)} MB, so no stack traces are shown`
        : 'no stack traces are shown';
  } else {
    const traces =
      shown.perMethod < asked.perMethod
        ? `stack traces of the ${shown.perMethod} most frequent distinct failure${shown.perMethod === 1 ? '' : 's'} of each method (of up to ${asked.perMethod})`
        : `stack traces of up to ${asked.perMethod} distinct failures of each method`;
    const chars =
      shown.stackChars < asked.stackChars
        ? `, each cut to ${shown.stackChars} characters (of ${asked.stackChars})`
        : '';
    what = `showing ${traces}${chars}`;
  }
  return `<p class="trimmed" id="trimmed">Trimmed to the ${limit} size budget: ${what}. The JSON report keeps every trace in full.</p>\n`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function clip(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars)}\u2026` : text;
}

/** A stack cut to `chars`, at a line end when one is near, with a note of what was cut. */
function cutStack(stack: string, chars: number): string {
  if (stack.length <= chars) return stack;
  const lineEnd = stack.lastIndexOf('\n', chars);
  const end = lineEnd >= chars / 2 ? lineEnd : chars;
  return `${stack.slice(0, end)}\n[truncated ${stack.length - end} characters]`;
}

function methodRow(m: MethodStats, index: number): string {
  const rate = failRate(m.fail, m.pass + m.fail);
  const cells = [
    escapeHtml(m.client),
    escapeHtml(m.method),
    String(m.pass),
    String(m.fail),
    formatFailPercent(m.fail, m.pass + m.fail),
    m.latency.p50.toFixed(2),
    m.latency.p95.toFixed(2),
    m.latency.p99.toFixed(2),
    m.latency.max.toFixed(2),
  ];
  const data = `data-index="${index}" data-client="${escapeHtml(m.client)}" data-method="${escapeHtml(m.method)}" data-pass="${m.pass}" data-fail="${m.fail}" data-failrate="${rate}" data-p50="${m.latency.p50}" data-p95="${m.latency.p95}" data-p99="${m.latency.p99}" data-max="${m.latency.max}"`;
  return `<tr id="method-${index}" class="method${m.fail > 0 ? ' failing' : ''}" ${data}>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>\n`;
}

function foldRow(m: MethodStats, index: number, budget: TraceBudget): string {
  if (m.failures.length === 0 && m.droppedFailures === 0) return '';
  const shown = m.failures.slice(0, budget.perMethod);
  // Distinct traces kept but not shown here, and failures the run kept no trace of (beyond its
  // per-method trace limit): one counts traces, the other calls, so they are never added up.
  const notShown = m.failures.length - shown.length;
  const untraced = m.droppedFailures;
  const items = shown
    .map((f) => {
      const { shown, example } = failureMessage(f);
      const original =
        example === undefined ? '' : `<p class="example">e.g. ${escapeHtml(clip(example, 2000))}</p>`;
      return `<details><summary>${f.count}x ${escapeHtml(f.name ?? 'Error')}: ${escapeHtml(shown)}</summary>${original}<pre>${escapeHtml(cutStack(f.stack, budget.stackChars))}</pre></details>`;
    })
    .join('');
  const more =
    notShown > 0
      ? `<p>${notShown} more distinct trace${notShown === 1 ? '' : 's'} not shown here: see the JSON report.</p>`
      : '';
  const lost =
    untraced > 0
      ? `<p class="untraced">${untraced} failure${untraced === 1 ? '' : 's'} without a kept trace: the run reached its limit of distinct traces for this method.</p>`
      : '';
  return `<tr class="detail" id="fold-${index}"><td class="fold" colspan="9">${items}${more}${lost}</td></tr>\n`;
}
