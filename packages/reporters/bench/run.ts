/**
 * `pnpm bench` for @track/reporters: 1,000 methods x 20 failure traces each; every format must
 * render in < 1 s and the HTML must stay < 5 MB. Prints one table.
 */
import { performance } from 'node:perf_hooks';
import { LatencyHistogram, type StatsJSON } from '@track/core';
import { formatLog, formatTable, toHtml, toJsonReport, toJUnit } from '../src/index';

function bigDocument(): StatsJSON {
  const methods: StatsJSON['methods'] = [];
  for (let i = 0; i < 1000; i++) {
    const histogram = new LatencyHistogram();
    for (let s = 0; s < 200; s++) histogram.record(((i * 31 + s * 17) % 2000) / 7);
    methods.push({
      client: `Client${Math.floor(i / 25)}`,
      method: `method${i % 25}`,
      pass: 10_000 + i,
      fail: 20 * (i % 7),
      retries: 0,
      droppedFailures: 0,
      failures: Array.from({ length: 20 }, (_, f) => ({
        stack: `NotFound: resource ${f} of method ${i} could not be found <tag> & "quotes"\n${Array.from({ length: 10 }, (_, d) => `    at Frame${d}.call${f} (/srv/app/src/module-${d}.ts:${10 + f}:${5 + d})`).join('\n')}`,
        count: 1 + f,
        name: 'NotFound',
        message: `resource ${f} of method ${i} could not be found <tag> & "quotes"`,
        firstAt: 1_764_000_000_000 + f,
        lastAt: 1_764_000_100_000 + f,
      })),
      latency: histogram.toJSON(),
    });
  }
  return { version: 1, methods };
}

const doc = bigDocument();
const meta = { scenario: 'bench', startedAt: 1_764_000_000_000, endedAt: 1_764_003_600_000 };
const rows: [string, number, number][] = [];
for (const [name, render] of [
  ['log', () => formatLog(doc, { now: 0, pid: 1 })],
  ['table', () => formatTable(doc, { color: false })],
  ['json', () => JSON.stringify(toJsonReport(doc, meta))],
  ['junit', () => toJUnit(doc, meta)],
  ['html', () => toHtml(doc, meta)],
] as const) {
  render(); // warm-up
  const start = performance.now();
  const text = render();
  rows.push([name, performance.now() - start, Buffer.byteLength(text)]);
}
console.log(`@track/reporters bench: 1,000 methods x 20 failure traces, Node ${process.version}\n`);
console.log('| format | render ms | size | target |');
console.log('|---|---:|---:|---|');
for (const [name, ms, bytes] of rows) {
  const ok = ms < 1000 && (name !== 'html' || bytes < 5 * 1024 * 1024);
  console.log(
    `| ${name} | ${ms.toFixed(0)} | ${(bytes / 1024 / 1024).toFixed(2)} MB | ${ok ? 'PASS' : 'MISS'} |`,
  );
}
