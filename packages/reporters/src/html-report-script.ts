/**
 * The report page's own script (plain ES2020, runs in the browser): sortable table and three uPlot
 * charts drawn from the JSON data island. It never inserts untrusted text as HTML.
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
