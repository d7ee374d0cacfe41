import { createHash } from 'node:crypto';
import type { MethodStats } from '@track/core';
import { uplotAssets } from './html-assets';
import { REPORT_SCRIPT } from './html-report-script';
import { epochOf, type ReportInput, type ReportMeta, toReportData } from './report-input';

/** Options of {@link toHtml}. */
export interface HtmlOptions {
  /** Distinct failures shown in full per method (default 5; the JSON report keeps them all). */
  failuresPerMethod?: number;
  /** Characters of each stack shown (default 2,000). */
  maxStackChars?: number;
}

/** Text escaped for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
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

/**
 * One self-contained HTML file that opens offline: a summary, a sortable per-method table, charts
 * (calls per method, latency percentiles, calls over time when there is a timeline) drawn by the
 * inlined uPlot, and each failing method's stack traces folded under it. Every untrusted text is
 * escaped; a Content-Security-Policy allows only the two inline scripts by hash and no network.
 */
export function toHtml(input: ReportInput, meta: ReportMeta = {}, options: HtmlOptions = {}): string {
  const perMethod = options.failuresPerMethod ?? 5;
  const maxStack = options.maxStackChars ?? 2000;
  const { methods, timeline } = toReportData(input);
  const uplot = uplotAssets();
  const title = meta.title ?? `${meta.scenario ?? 'track'} report`;
  const totals = methods.reduce((t, m) => ({ pass: t.pass + m.pass, fail: t.fail + m.fail }), {
    pass: 0,
    fail: 0,
  });
  const chartData = {
    methods: methods.map((m) => ({
      label: `${m.client}:${m.method}`,
      pass: m.pass,
      fail: m.fail,
      p50: round(m.latency.p50),
      p95: round(m.latency.p95),
      p99: round(m.latency.p99),
    })),
    timeline: timeline?.buckets ?? [],
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
  facts.push(
    ['methods', String(methods.length)],
    ['pass', String(totals.pass)],
    ['fail', String(totals.fail)],
  );
  for (const [tool, version] of Object.entries(meta.toolVersions ?? {})) facts.push([tool, version]);

  const rows = methods.map((m, index) => methodRows(m, index, perMethod, maxStack)).join('');
  const csp = `default-src 'none'; script-src 'sha256-${sha256(uplot.script)}' 'sha256-${sha256(REPORT_SCRIPT)}'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${uplot.style}
body{font:14px/1.4 system-ui,sans-serif;margin:20px;color:#1b1b1b}
h1{font-size:20px;margin:0 0 12px}
dl.facts{display:flex;flex-wrap:wrap;gap:6px 22px;margin:0 0 18px}
dl.facts div{display:flex;gap:6px}dl.facts dt{color:#666}dl.facts dd{margin:0;font-weight:600}
table{border-collapse:collapse;width:100%;margin:14px 0}
th,td{padding:4px 8px;border-bottom:1px solid #ddd;text-align:right;vertical-align:top}
th{cursor:pointer;user-select:none;background:#f4f4f4;position:sticky;top:0}
th:nth-child(-n+2),td:nth-child(-n+2){text-align:left}
tr.failing td{background:#fff3f3}
td.fold{text-align:left;background:#fafafa}
details summary{cursor:pointer;color:#b71c1c}
pre{white-space:pre-wrap;word-break:break-word;font-size:12px;margin:4px 0 10px;max-height:300px;overflow:auto}
.chart{margin:10px 0 24px}
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<dl class="facts">${facts.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join('')}</dl>
<div id="chart-calls" class="chart"></div>
<div id="chart-latency" class="chart"></div>
<div id="chart-timeline" class="chart"></div>
<table id="methods">
<thead><tr><th data-key="client">client</th><th data-key="method">method</th><th data-key="pass">pass</th><th data-key="fail">fail</th><th data-key="failrate">fail %</th><th data-key="p50">p50 ms</th><th data-key="p95">p95 ms</th><th data-key="p99">p99 ms</th><th data-key="max">max ms</th></tr></thead>
<tbody>
${rows}</tbody>
</table>
<script type="application/json" id="track-data">${jsonForScript(chartData)}</script>
<script>${uplot.script}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function methodRows(m: MethodStats, index: number, perMethod: number, maxStack: number): string {
  const total = m.pass + m.fail;
  const failRate = total === 0 ? 0 : (100 * m.fail) / total;
  const cells = [
    escapeHtml(m.client),
    escapeHtml(m.method),
    String(m.pass),
    String(m.fail),
    failRate.toFixed(1),
    m.latency.p50.toFixed(2),
    m.latency.p95.toFixed(2),
    m.latency.p99.toFixed(2),
    m.latency.max.toFixed(2),
  ];
  const data = `data-index="${index}" data-client="${escapeHtml(m.client)}" data-method="${escapeHtml(m.method)}" data-pass="${m.pass}" data-fail="${m.fail}" data-failrate="${failRate}" data-p50="${m.latency.p50}" data-p95="${m.latency.p95}" data-p99="${m.latency.p99}" data-max="${m.latency.max}"`;
  let html = `<tr class="method${m.fail > 0 ? ' failing' : ''}" ${data}>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>\n`;
  if (m.failures.length > 0) {
    const shown = m.failures.slice(0, perMethod);
    const hidden = m.failures.length - shown.length + m.droppedFailures;
    const items = shown
      .map((f) => {
        const stack =
          f.stack.length > maxStack
            ? `${f.stack.slice(0, maxStack)}\n[truncated ${f.stack.length - maxStack} characters]`
            : f.stack;
        return `<details><summary>${f.count}x ${escapeHtml(f.name ?? 'Error')}: ${escapeHtml(f.message ?? '')}</summary><pre>${escapeHtml(stack)}</pre></details>`;
      })
      .join('');
    const more =
      hidden > 0
        ? `<p>${hidden} more failure${hidden === 1 ? '' : 's'} with other traces: see the JSON report.</p>`
        : '';
    html += `<tr class="detail" id="fold-${index}"><td class="fold" colspan="9">${items}${more}</td></tr>\n`;
  }
  return html;
}
