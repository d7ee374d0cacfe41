// Turns the real-cloud step's results into one report for .ci/count-tests.mjs
// (`{ suite, passed, failed: [{ name, reason }] }`).
// Usage: node ci-report.mjs <out.json> <failures.txt> <vitest-report.json>...
// failures.txt holds one `name<TAB>reason` line per failure found outside vitest (a cloud that did
// not come up), the reason's newlines and backslashes written `\n` and `\\`; each vitest JSON
// report adds its passed tests, its failed tests, and its test files that failed without a failed
// test. A missing or unreadable vitest report counts as one failure.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

const [out, failuresFile, ...vitestReports] = process.argv.slice(2);
if (!out || !failuresFile) {
  console.error('usage: node ci-report.mjs <out.json> <failures.txt> <vitest-report.json>...');
  process.exit(2);
}
const report = { suite: 'real OpenStack', passed: 0, skipped: 0, failed: [] };
if (existsSync(failuresFile)) {
  for (const line of readFileSync(failuresFile, 'utf8').split('\n').filter(Boolean)) {
    const [name, ...reason] = line.split('\t');
    const text = reason.join('\t').replace(/\\(n|\\)/g, (_, c) => (c === 'n' ? '\n' : '\\'));
    report.failed.push({ name, reason: text || 'failed' });
  }
}
for (const path of vitestReports) {
  let vitest;
  try {
    vitest = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    report.failed.push({ name: basename(path), reason: `no readable vitest report: ${error.message}` });
    continue;
  }
  report.passed += vitest.numPassedTests;
  report.skipped += vitest.numPendingTests + vitest.numTodoTests;
  for (const file of vitest.testResults) {
    const failedTests = file.assertionResults.filter((test) => test.status === 'failed');
    for (const test of failedTests)
      report.failed.push({ name: test.fullName, reason: test.failureMessages?.[0] ?? 'failed' });
    if (file.status === 'failed' && failedTests.length === 0)
      report.failed.push({ name: basename(file.name), reason: file.message || 'the file failed to run' });
  }
}
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(
  `real OpenStack: ${report.passed} passed, ${report.failed.length} failed, ${report.skipped} skipped`,
);
for (const { name, reason } of report.failed)
  console.log(`  failed: ${name}: ${String(reason).split('\n')[0]}`);
