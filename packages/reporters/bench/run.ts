/**
 * `pnpm bench` for @track/reporters: 1,000 methods x 20 failure traces each, with stacks as a real
 * run records them (10 frames through pnpm's `node_modules/.pnpm/...` paths, about 1.8 KB each).
 * Every format must render in < 1 s and the HTML must stay < 5 MB. Prints one table.
 */
import { performance } from 'node:perf_hooks';
import { LatencyHistogram, type StatsJSON } from '@track/core';
import { formatLog, formatTable, toHtml, toJsonReport, toJUnit } from '../src/index';

const MODULES = [
  'file:///home/ci/work/stress/node_modules/.pnpm/@track+openstack-clients@0.1.0_@track+core@0.1.0/node_modules/@track/openstack-clients/dist/index.js',
  'file:///home/ci/work/stress/node_modules/.pnpm/@track+core@0.1.0/node_modules/@track/core/dist/index.js',
  'file:///home/ci/work/stress/node_modules/.pnpm/undici@7.16.0/node_modules/undici/lib/dispatcher/client-h1.js',
];

/** A stack frame as V8 prints it for code installed by pnpm. */
function frame(depth: number, failure: number): string {
  const where = `${MODULES[depth % MODULES.length]}:${120 + depth * 37}:${5 + failure}`;
  return `    at async VolumesClient.request${depth} (${where})`;
}

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
      failures: Array.from({ length: 20 }, (_, f) => {
        const message = `Volume vol-${i}-${f} could not be found. (HTTP 404) (Request-ID: req-${String(i * 20 + f).padStart(8, '0')}-4f1c-9a7e-1b2c3d4e5f60) <tag> & "quotes"`;
        return {
          stack: `NotFound: ${message}\n${Array.from({ length: 10 }, (_, d) => frame(d, f)).join('\n')}`,
          count: 1 + f,
          name: 'NotFound',
          message,
          firstAt: 1_764_000_000_000 + f,
          lastAt: 1_764_000_100_000 + f,
        };
      }),
      latency: histogram.toJSON(),
    });
  }
  return { version: 1, methods };
}

const doc = bigDocument();
const meta = { scenario: 'bench', startedAt: 1_764_000_000_000, endedAt: 1_764_003_600_000 };
const stackBytes = Buffer.byteLength(doc.methods[0]?.failures[0]?.stack ?? '');
const rows: [string, number, number][] = [];
let html = '';
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
  if (name === 'html') html = text;
  rows.push([name, performance.now() - start, Buffer.byteLength(text)]);
}
console.log(
  `@track/reporters bench: 1,000 methods x 20 failure traces of 10 frames (${(stackBytes / 1024).toFixed(1)} KB per stack), Node ${process.version}\n`,
);
console.log('| format | render ms | size | target |');
console.log('|---|---:|---:|---|');
for (const [name, ms, bytes] of rows) {
  const ok = ms < 1000 && (name !== 'html' || bytes < 5 * 1024 * 1024);
  console.log(
    `| ${name} | ${ms.toFixed(0)} | ${(bytes / 1024 / 1024).toFixed(2)} MB | ${ok ? 'PASS' : 'MISS'} |`,
  );
}
const trimmed = /<p class="trimmed"[^>]*>(.*?)<\/p>/.exec(html)?.[1];
if (trimmed) console.log(`\nhtml: ${trimmed}`);
