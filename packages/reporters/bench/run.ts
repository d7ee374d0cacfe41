/**
 * `pnpm bench` for @track/reporters: 1,000 methods x 20 failure traces each (the document the HTML
 * budget tests use, `manyMethods`), with stacks as a real run records them (10 frames through pnpm's
 * `node_modules/.pnpm/...` paths, about 1.8 KB each).
 * Every format must render in < 1 s and the HTML must stay < 5 MB. Prints one table.
 */
import { performance } from 'node:perf_hooks';
import { formatLog, formatTable, toHtml, toJsonReport, toJUnit } from '../src/index';
import { manyMethods } from '../src/test-support/html-fixtures';

const doc = manyMethods(1000, 20);
const meta = { scenario: 'bench', startedAt: 1_764_000_000_000, endedAt: 1_764_003_600_000 };
const stackBytes = Buffer.byteLength(
  doc.methods.find((m) => m.failures.length > 0)?.failures[0]?.stack ?? '',
);
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
