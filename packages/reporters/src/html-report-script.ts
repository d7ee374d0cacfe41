/**
 * The report page's own script (plain ES2020, runs in the browser): the sortable table and the uPlot
 * charts, drawn from the JSON data island. Method charts are horizontal so every label reads left to
 * right; long names are cut in the middle on the axis and shown whole in the legend on hover and in
 * the table (a click on a row of a chart scrolls to it). It never inserts untrusted text as HTML.
 */
export const REPORT_SCRIPT = String.raw`(() => {
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

  const FONT = '12px system-ui, sans-serif';
  const width = Math.max(520, Math.min(1200, document.body.clientWidth - 40));
  const measure = document.createElement('canvas').getContext('2d');
  measure.font = FONT;
  const textWidth = (text) => measure.measureText(text).width;
  const maxLabelPx = Math.round(width * 0.4);
  // Long labels lose the end of the client name first: methods of one client share its prefix, so
  // the method name is what tells rows apart. A method name too long on its own is cut in the middle.
  const largest = (lo, hi, fits) => {
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(mid)) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const fit = (label) => {
    if (textWidth(label) <= maxLabelPx) return label;
    const colon = label.lastIndexOf(':');
    const client = label.slice(0, Math.max(0, colon));
    const method = label.slice(colon + 1);
    const withClient = (keep) => client.slice(0, keep) + '\u2026:' + method;
    if (colon > 0 && textWidth(withClient(1)) <= maxLabelPx) {
      return withClient(largest(1, client.length - 1, (keep) => textWidth(withClient(keep)) <= maxLabelPx));
    }
    const cut = (keep) => method.slice(0, Math.floor(keep * 0.4)) + '\u2026' + method.slice(method.length - Math.ceil(keep * 0.6));
    return cut(largest(2, method.length - 1, (keep) => textWidth(cut(keep)) <= maxLabelPx));
  };
  const bars = uPlot.paths.bars({ size: [0.7, 18] });
  // Counts are whole numbers: their axes tick at whole steps only, so a small axis reads 0 1 2, never 0 1 1 2 2.
  const countIncrs = [];
  for (let e = 0; e <= 15; e++) for (const m of [1, 2, 5]) countIncrs.push(m * Math.pow(10, e));
  const noPath = () => null;
  const count = (v) => (v == null ? '--' : Math.round(v).toLocaleString('en-US'));
  // A log axis's value as a plain decimal with no float noise: 0.0001, 0.5, 20, 1,000.
  const logTick = (t) => (t == null ? '' : t >= 1 ? count(t) : t.toFixed(Math.min(20, Math.max(0, -Math.floor(Math.log10(t) + 1e-9)))));
  // Ticks of a log axis over the decades 10^from .. 10^to: every decade, with 2 and 5 between when
  // there are few (uPlot itself drops ticks closer than the axis's space).
  const logAxis = (from, to) => {
    const splits = [];
    for (let k = from; k <= to; k++) {
      for (const m of to - from <= 3 && k < to ? [1, 2, 5] : [1]) splits.push(Number(m + 'e' + k));
    }
    return { splits: () => splits, values: (u, ticks) => ticks.map(logTick) };
  };
  const jumpTo = (index) => {
    const row = document.getElementById('method-' + index);
    if (!row) return;
    const fold = document.getElementById('fold-' + index);
    const first = fold && fold.querySelector('details');
    if (first) first.open = true;
    row.scrollIntoView({ block: 'center' });
  };

  // One row per method, ranked top to bottom; labels thin out only when rows get too short for them.
  const methodChart = (target, title, rows, valueAxis, scales, series, columns) => {
    const labels = rows.map((r) => fit(r.label));
    const rowPx = Math.max(3, Math.min(26, Math.floor(900 / rows.length)));
    const step = Math.ceil(15 / rowPx);
    const labelPx = Math.ceil(Math.max(40, ...labels.map(textWidth))) + 14;
    const xs = rows.map((_, i) => i);
    const chart = new uPlot({
      title,
      width,
      height: rows.length * rowPx + 110,
      legend: { live: true },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      // x (the method index) runs top to bottom; value scales must be told to lie horizontal.
      scales: Object.assign({ x: { time: false, ori: 1, dir: -1, range: () => [-0.5, rows.length - 0.5] } },
        Object.fromEntries(Object.entries(scales).map(([key, scale]) => [key, Object.assign({ ori: 0 }, scale)]))),
      axes: [
        {
          side: 3,
          font: FONT,
          size: labelPx,
          gap: 4,
          ticks: { show: false },
          grid: { show: false },
          splits: () => xs.filter((i) => i % step === 0),
          values: (u, ticks) => ticks.map((t) => labels[t] || ''),
        },
        Object.assign({ side: 2, font: FONT, space: 70, grid: { stroke: '#e4e4e4' } }, valueAxis),
      ],
      series: [{ label: 'method', value: (u, i) => (i == null || !rows[i] ? '--' : rows[i].label) }].concat(series),
    }, [xs].concat(columns), target);
    chart.over.addEventListener('click', () => {
      const i = chart.cursor.idx;
      if (i != null && rows[i]) jumpTo(rows[i].i);
    });
    return chart;
  };

  const charts = [];
  const failing = data.failing;
  if (failing.length > 0) {
    // The axis starts one decade below the smallest rate, however small, so its bar has a length;
    // and at 1 % or lower, so a lone large rate still spans a couple of decades.
    const rates = failing.map((r) => r.failPct).filter((p) => p > 0);
    const lowest = rates.length > 0 ? Math.min(...rates) : 1;
    const fromDecade = Math.min(0, Math.floor(Math.log10(lowest)) - 1);
    const floor = Number('1e' + fromDecade);
    charts.push(methodChart(document.getElementById('chart-failures'),
      'Fail % of the ' + failing.length + ' methods with most failures (log scale)',
      failing,
      Object.assign({ scale: 'pct', label: 'fail % of calls' }, logAxis(fromDecade, 2)),
      { pct: { distr: 3, log: 10, range: () => [floor, 100] }, count: {} },
      [
        { label: 'fail %', scale: 'pct', stroke: '#b71c1c', fill: 'rgba(198,40,40,0.75)', width: 1, paths: bars, points: { show: false }, value: (u, v, s, i) => (i == null || !failing[i] ? '--' : failing[i].failPctText + ' %') },
        { label: 'failures', scale: 'count', stroke: '#b71c1c', paths: noPath, points: { show: false }, value: (u, v) => count(v) },
        { label: 'calls', scale: 'count', stroke: '#555', paths: noPath, points: { show: false }, value: (u, v) => count(v) },
      ],
      [failing.map((r) => r.failPct), failing.map((r) => r.fail), failing.map((r) => r.pass + r.fail)]));
  }
  const busiest = data.busiest;
  if (busiest.length > 0) {
    // Stacked by hand: the fail bar spans pass + fail and the pass bar is drawn over its start.
    charts.push(methodChart(document.getElementById('chart-calls'),
      'Calls of the ' + busiest.length + ' busiest methods (pass, then fail)',
      busiest,
      { scale: 'calls', label: 'calls', incrs: countIncrs, values: (u, ticks) => ticks.map((t) => (t == null ? '' : count(t))) },
      { calls: { range: (u, min, max) => [0, max] } },
      [
        { label: 'fail', scale: 'calls', stroke: '#b71c1c', fill: '#e53935', width: 1, paths: bars, points: { show: false }, value: (u, v, s, i) => (i == null ? '--' : count(busiest[i].fail)) },
        { label: 'pass', scale: 'calls', stroke: '#2e7d32', fill: '#66bb6a', width: 1, paths: bars, points: { show: false }, value: (u, v) => count(v) },
      ],
      [busiest.map((r) => r.pass + r.fail), busiest.map((r) => r.pass)]));
  }
  const slowest = data.slowest;
  if (slowest.length > 0) {
    // A log axis: one 30 s outlier must not squash every other method against 0. It spans whole
    // decades around the values; a 0 ms value (no sample) sits on the axis start; the legend shows it as it is.
    const times = slowest.flatMap((r) => [r.p50, r.p95, r.p99]).filter((v) => v > 0);
    const fromMs = Math.floor(Math.log10((times.length > 0 ? Math.min(...times) : 1) / 1.2));
    const toMs = Math.max(fromMs + 1, Math.ceil(Math.log10((times.length > 0 ? Math.max(...times) : 1) * 1.2)));
    const lowestMs = Number('1e' + fromMs);
    const ms = (v) => (v >= 100 ? count(v) : v.toFixed(2)) + ' ms';
    const dot = (key, color, size) => ({ label: key, scale: 'ms', stroke: color, fill: color, paths: noPath, points: { show: true, size, width: 1, stroke: color, fill: color }, value: (u, v, s, i) => (i == null || !slowest[i] ? '--' : ms(slowest[i][key])) });
    const plotted = (key) => slowest.map((r) => Math.max(r[key], lowestMs));
    charts.push(methodChart(document.getElementById('chart-latency'),
      'Latency of the ' + slowest.length + ' slowest methods by p99 (ms, log scale)',
      slowest,
      Object.assign({ scale: 'ms', label: 'ms (log scale)' }, logAxis(fromMs, toMs)),
      { ms: { distr: 3, log: 10, range: () => [lowestMs, Number('1e' + toMs)] } },
      [dot('p50', '#1565c0', 7), dot('p95', '#ef6c00', 8), dot('p99', '#6a1b9a', 9)],
      [plotted('p50'), plotted('p95'), plotted('p99')]));
  }
  if (data.timeline.length > 0) {
    // Failures get their own axis on the right, so a handful among thousands of passes still shows.
    charts.push(new uPlot({
      title: 'Calls over time',
      width,
      height: 280,
      scales: { pass: {}, fail: { range: (u, min, max) => [0, Math.max(1, max)] } },
      axes: [{ font: FONT }, { scale: 'pass', label: 'pass', font: FONT, incrs: countIncrs }, { scale: 'fail', label: 'fail', side: 1, font: FONT, grid: { show: false }, stroke: '#b71c1c', incrs: countIncrs }],
      series: [{}, { label: 'pass', scale: 'pass', stroke: '#2e7d32', width: 1.5 }, { label: 'fail', scale: 'fail', stroke: '#b71c1c', width: 2 }],
    }, [data.timeline.map((b) => b.at / 1000), data.timeline.map((b) => b.pass), data.timeline.map((b) => b.fail)], document.getElementById('chart-timeline')));
  }
  document.body.dataset.charts = String(charts.length);
})();`;
