// Counts the tests of one run of the root test command (`turbo run test`), for .ci/run.
// Usage: node .ci/count-tests.mjs <turbo run summaries dir> <the test command's exit status> [report...]
// Reads the run summary turbo wrote (TURBO_RUN_SUMMARY=true) to find every package's test task and
// its exit code, then that package's vitest JSON report (cached runs restore it: it is the task's
// output). Prints `N passed, M failed` on stdout, what M is made of on stderr. M counts failed tests,
// test files that failed without a failed test (a file that fails to load, a failing hook: vitest's
// numFailedTests leaves them out), a package whose vitest failed without either (an unhandled error)
// and a package that wrote no report.
// Each further argument is the report of a check run outside vitest (scripts/check-packed-packages.mjs
// --report): `{ suite, passed, failed: [{ name, reason }] }`, added to the counts; a missing or
// unreadable report counts as 1 failed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const [runsDir = '.turbo/runs', commandStatus = '1', ...extraReports] = process.argv.slice(2);

let passed = 0;
let skipped = 0;
const failures = []; // [count, what]

for (const path of extraReports) {
  let report;
  try {
    report = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    failures.push([1, `${path}: no readable report (${error.message.split('\n')[0]})`]);
    continue;
  }
  passed += report.passed;
  for (const { name, reason } of report.failed) {
    failures.push([1, `${report.suite}: ${name}: ${String(reason).split('\n')[0]}`]);
  }
}

const summaries = existsSync(runsDir) ? readdirSync(runsDir).filter((name) => name.endsWith('.json')) : [];
const tasks = [];
if (summaries.length === 1) {
  tasks.push(...JSON.parse(readFileSync(join(runsDir, summaries[0]), 'utf8')).tasks);
} else {
  failures.push([
    1,
    `the test command (exit ${commandStatus}) left ${summaries.length} turbo run summaries in ${runsDir}, ` +
      'expected 1: it failed before its tests ran',
  ]);
}

for (const task of tasks) {
  const exitCode = task.execution?.exitCode;
  if (task.task !== 'test') {
    if (exitCode !== undefined && exitCode !== 0) {
      console.error(`${task.taskId} failed (exit ${exitCode}): the test command runs the builds first`);
    }
    continue;
  }
  const reportPath = join(task.directory, '.vitest-report.json');
  if (!existsSync(reportPath)) {
    failures.push([1, `${task.package}: no test report (exit ${exitCode ?? 'none: the task did not run'})`]);
    continue;
  }
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  passed += report.numPassedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  if (report.numFailedTests > 0) failures.push([report.numFailedTests, `${task.package}: failed tests`]);
  const brokenFiles = report.testResults.filter(
    (file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
  );
  for (const file of brokenFiles) {
    const reason = file.message.split('\n')[0] || 'no message';
    failures.push([1, `${relative(process.cwd(), file.name)}: failed without a failed test: ${reason}`]);
  }
  if (exitCode !== 0 && report.numFailedTests === 0 && brokenFiles.length === 0) {
    failures.push([
      1,
      `${task.package}: vitest exited ${exitCode} with no failed test (an unhandled error?)`,
    ]);
  }
}

if (skipped) console.error(`${skipped} skipped (the real-cloud contract tests skip without OS_* settings)`);
const failed = failures.reduce((sum, [count]) => sum + count, 0);
if (failed) {
  console.error(`${failed} failed, counting test files that failed to load or outside any test:`);
  for (const [count, what] of failures) console.error(`  ${count} ${what}`);
}
console.log(`${passed} passed, ${failed} failed`);
