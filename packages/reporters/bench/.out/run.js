// bench/run.ts
import { performance } from 'node:perf_hooks';
// src/report-input.ts
import { LatencyHistogram, Stats } from '@track/core';

function toReportData(input) {
  const doc2 =
    input instanceof Stats
      ? input.toJSON()
      : Stats.fromJSON(input, { maxFailureTraces: Number.MAX_SAFE_INTEGER }).toJSON();
  const stats =
    input instanceof Stats ? input : Stats.fromJSON(doc2, { maxFailureTraces: Number.MAX_SAFE_INTEGER });
  const data = { doc: doc2, methods: stats.methods() };
  if (doc2.timeline) data.timeline = doc2.timeline;
  return data;
}
function epochOf(value) {
  if (value === void 0) return void 0;
  return value instanceof Date ? value.getTime() : value;
}

// src/log-format.ts
function formatStatsLines(input) {
  return toReportData(input).methods.map((m) => `[${m.client}:${m.method}] ${m.pass} pass, ${m.fail} fail`);
}
function formatLog(input, options = {}) {
  const prefix = `${osloTimestamp(options.now ?? Date.now())} ${options.pid ?? process.pid} INFO ${options.program ?? 'cinder-stress'} [-]`;
  return formatStatsLines(input)
    .map(
      (line) => `${prefix} ${line}
`,
    )
    .join('');
}
function osloTimestamp(at) {
  const d = at instanceof Date ? at : new Date(at);
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

// src/table-format.ts
var RED = '\x1B[31m';
var GREEN = '\x1B[32m';
var DIM = '\x1B[2m';
var RESET = '\x1B[0m';
function formatTable(input, options = {}) {
  const color = options.color ?? (Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  const top = options.topFailures ?? 3;
  const { methods } = toReportData(input);
  const header = ['client', 'method', 'pass', 'fail', 'fail %', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
  const rows2 = methods.map((m) => {
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
  const widths = header.map((h, i) => Math.max(h.length, ...rows2.map((r) => r[i].length)));
  const numeric = (i) => i >= 2;
  const line = (cells) =>
    cells
      .map((c, i) => (numeric(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  methods.forEach((m, index) => {
    const text = line(rows2[index]);
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
  return `${out.join('\n')}
`;
}
function ms(value) {
  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
}
function oneLine(text) {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}
function firstFrame(failure) {
  const match = /\n\s+at (.+)/.exec(failure.stack);
  return match ? `at ${match[1].trim()}` : void 0;
}

// src/json-report.ts
var JSON_REPORT_SCHEMA_VERSION = 1;
function toJsonReport(input, meta2 = {}) {
  const data = toReportData(input);
  const started = epochOf(meta2.startedAt);
  const ended = epochOf(meta2.endedAt);
  const out = {};
  if (meta2.title !== void 0) out.title = meta2.title;
  if (meta2.scenario !== void 0) out.scenario = meta2.scenario;
  if (started !== void 0) out.startedAt = new Date(started).toISOString();
  if (ended !== void 0) out.endedAt = new Date(ended).toISOString();
  const duration = meta2.durationMs ?? (started !== void 0 && ended !== void 0 ? ended - started : void 0);
  if (duration !== void 0) out.durationMs = duration;
  if (meta2.concurrency !== void 0) out.concurrency = meta2.concurrency;
  if (meta2.cloudName !== void 0) out.cloudName = meta2.cloudName;
  if (meta2.toolVersions !== void 0) out.toolVersions = { ...meta2.toolVersions };
  const totals = data.methods.reduce(
    (t, m) => ({ methods: t.methods + 1, pass: t.pass + m.pass, fail: t.fail + m.fail }),
    { methods: 0, pass: 0, fail: 0 },
  );
  return { schemaVersion: JSON_REPORT_SCHEMA_VERSION, meta: out, totals, stats: data.doc };
}

// src/xml-text.ts
var FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
function dropForbiddenXmlChars(text) {
  return text.replace(FORBIDDEN, '');
}
function escapeXml(text) {
  return dropForbiddenXmlChars(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
function cdata(text) {
  return `<![CDATA[${dropForbiddenXmlChars(text).split(']]>').join(']]]]><![CDATA[>')}]]>`;
}
function capUtf8(text, maxBytes) {
  const bytes = Buffer.byteLength(text);
  if (bytes <= maxBytes) return text;
  let cut = Buffer.from(text).subarray(0, maxBytes).toString('utf8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return `${cut}
[truncated ${bytes - Buffer.byteLength(cut)} bytes]`;
}

// src/junit-format.ts
function toJUnit(input, meta2 = {}, options = {}) {
  const maxBytes = options.maxFailureBytes ?? 64 * 1024;
  const { methods } = toReportData(input);
  const byClient = /* @__PURE__ */ new Map();
  for (const m of methods) byClient.set(m.client, [...(byClient.get(m.client) ?? []), m]);
  const started = epochOf(meta2.startedAt);
  const timestamp = started === void 0 ? void 0 : new Date(started).toISOString().slice(0, 19);
  const suites = [];
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
    suites.push(`  <testsuite ${attrs.join(' ')}>
${cases.join('')}  </testsuite>
`);
  }
  const name = meta2.title ?? meta2.scenario ?? 'track';
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="${escapeXml(name)}" tests="${total}" failures="${failures}" errors="0" time="${time.toFixed(3)}">
${suites.join('')}</testsuites>
`;
}
function seconds(m) {
  return (m.latency.mean * m.latency.count) / 1e3;
}
function testcase(m, maxBytes) {
  const open = `    <testcase name="${escapeXml(m.method)}" classname="${escapeXml(m.client)}" time="${seconds(m).toFixed(3)}"`;
  const summary = `${m.pass} pass, ${m.fail} fail`;
  if (m.fail === 0)
    return `${open}>
      <system-out>${cdata(summary)}</system-out>
    </testcase>
`;
  const top = m.failures[0];
  const message = `${m.fail} of ${m.pass + m.fail} calls failed${top ? `; most frequent: ${top.name ?? 'Error'}: ${top.message ?? ''}` : ''}`;
  const body = [
    `${summary}; ${m.failures.length} distinct failure${m.failures.length === 1 ? '' : 's'}${m.droppedFailures ? ` (+${m.droppedFailures} failures with traces not kept)` : ''}`,
    ...m.failures.map(
      (f, i) => `
--- failure ${i + 1}: ${f.count}x, first ${new Date(f.firstAt).toISOString()}, last ${new Date(f.lastAt).toISOString()}
${f.stack}`,
    ),
  ].join('\n');
  return `${open}>
      <failure message="${escapeXml(capUtf8(message, 1024))}" type="${escapeXml(top?.name ?? 'Error')}">${cdata(capUtf8(body, maxBytes))}</failure>
    </testcase>
`;
}

// src/html-format.ts
import { createHash } from 'node:crypto';

// src/html-assets.ts
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

var cached;
function uplotAssets() {
  if (cached === void 0) {
    const require2 = createRequire(import.meta.url);
    cached = {
      // The banner names the project by URL; keep the attribution without a scheme, so the report
      // holds no http(s) reference at all.
      script: readFileSync(require2.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8').replace(
        /^\/\*! https?:\/\/(\S+) (\(v[^)]*\)) \*\//,
        '/*! uPlot $2, MIT License, $1 */',
      ),
      style: readFileSync(require2.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    };
  }
  return cached;
}

// src/html-report-script.ts
var REPORT_SCRIPT = String.raw`(() => {
  const data = JSON.parse(document.getElementById('track-data').textContent);
  const table = document.getElementById('methods');
  const body = table.tBodies[0];
  let sortKey = null;
  let ascending = true;
  for (const th of table.tHead.rows[0].cells) {
    th.addEventListener('click', () => {
      const key = th.dataset.key;
      ascending = sortKey === key ? !ascending : true;
      sortKey = key;
      const rows = Array.from(body.querySelectorAll('tr.method'));
      rows.sort((a, b) => {
        const x = a.dataset[key];
        const y = b.dataset[key];
        const nx = Number(x);
        const ny = Number(y);
        const cmp = Number.isNaN(nx) || Number.isNaN(ny) ? String(x).localeCompare(String(y)) : nx - ny;
        return ascending ? cmp : -cmp;
      });
      for (const row of rows) {
        body.appendChild(row);
        const fold = document.getElementById('fold-' + row.dataset.index);
        if (fold) body.appendChild(fold);
      }
      for (const other of table.tHead.rows[0].cells) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    });
  }
  const width = Math.min(1100, document.body.clientWidth - 40);
  const labels = data.methods.map((m) => m.label);
  const xs = labels.map((_, i) => i);
  const axisX = { splits: () => xs, values: (u, ticks) => ticks.map((t) => labels[t] || ''), rotate: -30, size: 110 };
  const methodScale = { time: false, range: () => [-0.5, xs.length - 0.5] };
  const bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.6, 40] }) : undefined;
  const charts = [];
  charts.push(new uPlot({
    title: 'Calls per method', width, height: 320,
    scales: { x: methodScale },
    axes: [axisX, { label: 'calls' }],
    series: [{ label: 'method' }, { label: 'pass', stroke: '#2e7d32', fill: 'rgba(46,125,50,0.5)', paths: bars }, { label: 'fail', stroke: '#c62828', fill: 'rgba(198,40,40,0.6)', paths: bars }],
  }, [xs, data.methods.map((m) => m.pass), data.methods.map((m) => m.fail)], document.getElementById('chart-calls')));
  charts.push(new uPlot({
    title: 'Latency percentiles per method (ms)', width, height: 320,
    scales: { x: methodScale },
    axes: [axisX, { label: 'ms' }],
    series: [{ label: 'method' }, { label: 'p50', stroke: '#1565c0', points: { show: true } }, { label: 'p95', stroke: '#ef6c00', points: { show: true } }, { label: 'p99', stroke: '#6a1b9a', points: { show: true } }],
  }, [xs, data.methods.map((m) => m.p50), data.methods.map((m) => m.p95), data.methods.map((m) => m.p99)], document.getElementById('chart-latency')));
  if (data.timeline && data.timeline.length > 0) {
    charts.push(new uPlot({
      title: 'Calls over time', width, height: 280,
      series: [{}, { label: 'pass', stroke: '#2e7d32' }, { label: 'fail', stroke: '#c62828' }],
    }, [data.timeline.map((b) => b.at / 1000), data.timeline.map((b) => b.pass), data.timeline.map((b) => b.fail)], document.getElementById('chart-timeline')));
  }
  document.body.dataset.charts = String(charts.length);
})();`;

// src/html-format.ts
function escapeHtml(text) {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
function jsonForScript(value) {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
function sha256(text) {
  return createHash('sha256').update(text).digest('base64');
}
function toHtml(input, meta2 = {}, options = {}) {
  const perMethod = options.failuresPerMethod ?? 5;
  const maxStack = options.maxStackChars ?? 2e3;
  const { methods, timeline } = toReportData(input);
  const uplot = uplotAssets();
  const title = meta2.title ?? `${meta2.scenario ?? 'track'} report`;
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
  const started = epochOf(meta2.startedAt);
  const ended = epochOf(meta2.endedAt);
  const facts = [];
  if (meta2.scenario) facts.push(['scenario', meta2.scenario]);
  if (meta2.cloudName) facts.push(['cloud', meta2.cloudName]);
  if (started !== void 0) facts.push(['started', new Date(started).toISOString()]);
  if (ended !== void 0) facts.push(['ended', new Date(ended).toISOString()]);
  const duration = meta2.durationMs ?? (started !== void 0 && ended !== void 0 ? ended - started : void 0);
  if (duration !== void 0) facts.push(['duration', `${(duration / 1e3).toFixed(1)} s`]);
  if (meta2.concurrency !== void 0) facts.push(['concurrency', String(meta2.concurrency)]);
  facts.push(
    ['methods', String(methods.length)],
    ['pass', String(totals.pass)],
    ['fail', String(totals.fail)],
  );
  for (const [tool, version] of Object.entries(meta2.toolVersions ?? {})) facts.push([tool, version]);
  const rows2 = methods.map((m, index) => methodRows(m, index, perMethod, maxStack)).join('');
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
${rows2}</tbody>
</table>
<script type="application/json" id="track-data">${jsonForScript(chartData)}</script>
<script>${uplot.script}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}
function round(value) {
  return Math.round(value * 1e3) / 1e3;
}
function methodRows(m, index, perMethod, maxStack) {
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
  let html = `<tr class="method${m.fail > 0 ? ' failing' : ''}" ${data}>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>
`;
  if (m.failures.length > 0) {
    const shown = m.failures.slice(0, perMethod);
    const hidden = m.failures.length - shown.length + m.droppedFailures;
    const items = shown
      .map((f) => {
        const stack =
          f.stack.length > maxStack
            ? `${f.stack.slice(0, maxStack)}
[truncated ${f.stack.length - maxStack} characters]`
            : f.stack;
        return `<details><summary>${f.count}x ${escapeHtml(f.name ?? 'Error')}: ${escapeHtml(f.message ?? '')}</summary><pre>${escapeHtml(stack)}</pre></details>`;
      })
      .join('');
    const more =
      hidden > 0
        ? `<p>${hidden} more failure${hidden === 1 ? '' : 's'} with other traces: see the JSON report.</p>`
        : '';
    html += `<tr class="detail" id="fold-${index}"><td class="fold" colspan="9">${items}${more}</td></tr>
`;
  }
  return html;
}

// bench/run.ts
function bigDocument() {
  const methods = [];
  for (let i = 0; i < 1e3; i++) {
    const histogram = new LatencyHistogram();
    for (let s = 0; s < 200; s++) histogram.record(((i * 31 + s * 17) % 2e3) / 7);
    methods.push({
      client: `Client${Math.floor(i / 25)}`,
      method: `method${i % 25}`,
      pass: 1e4 + i,
      fail: 20 * (i % 7),
      retries: 0,
      droppedFailures: 0,
      failures: Array.from({ length: 20 }, (_, f) => ({
        stack: `NotFound: resource ${f} of method ${i} could not be found <tag> & "quotes"
${Array.from({ length: 10 }, (_2, d) => `    at Frame${d}.call${f} (/srv/app/src/module-${d}.ts:${10 + f}:${5 + d})`).join('\n')}`,
        count: 1 + f,
        name: 'NotFound',
        message: `resource ${f} of method ${i} could not be found <tag> & "quotes"`,
        firstAt: 1764e9 + f,
        lastAt: 17640001e5 + f,
      })),
      latency: histogram.toJSON(),
    });
  }
  return { version: 1, methods };
}
var doc = bigDocument();
var meta = { scenario: 'bench', startedAt: 1764e9, endedAt: 17640036e5 };
var rows = [];
for (const [name, render] of [
  ['log', () => formatLog(doc, { now: 0, pid: 1 })],
  ['table', () => formatTable(doc, { color: false })],
  ['json', () => JSON.stringify(toJsonReport(doc, meta))],
  ['junit', () => toJUnit(doc, meta)],
  ['html', () => toHtml(doc, meta)],
]) {
  render();
  const start = performance.now();
  const text = render();
  rows.push([name, performance.now() - start, Buffer.byteLength(text)]);
}
console.log(`@track/reporters bench: 1,000 methods x 20 failure traces, Node ${process.version}
`);
console.log('| format | render ms | size | target |');
console.log('|---|---:|---:|---|');
for (const [name, ms2, bytes] of rows) {
  const ok = ms2 < 1e3 && (name !== 'html' || bytes < 5 * 1024 * 1024);
  console.log(
    `| ${name} | ${ms2.toFixed(0)} | ${(bytes / 1024 / 1024).toFixed(2)} MB | ${ok ? 'PASS' : 'MISS'} |`,
  );
}
