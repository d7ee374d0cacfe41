// What the check scripts (check-changeset-version.mjs, check-packed-packages.mjs) share: their
// command-line options, running a command, recording named checks, and the closing line and
// `--report` file that .ci/count-tests.mjs counts.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** `--report <file.json>` (resolved) and `--keep` of the script's command line. */
export function suiteOptions(args = process.argv.slice(2)) {
  return {
    reportPath: args.includes('--report') ? resolve(args[args.indexOf('--report') + 1] ?? '') : undefined,
    keep: args.includes('--keep'),
  };
}

/** Runs a command; returns its stdout, or throws with its output when it fails. */
export function run(command, commandArgs, options) {
  const result = spawnSync(command, commandArgs, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() || String(result.error ?? '');
    throw new Error(`${command} ${commandArgs.join(' ')} failed (exit ${result.status}):\n${output}`);
  }
  return result.stdout;
}

/**
 * A suite of named checks. `check(name, body)` runs `body`, prints `ok   name` or `FAIL name` with
 * the reason indented, and returns whether it passed; `finish()` prints `<suite>: N passed, M failed`,
 * writes `{ suite, passed, failed: [{ name, reason }] }` to `reportPath` when given, and exits 1 when
 * a check failed (0 otherwise).
 */
export function checkSuite(suite, reportPath) {
  const results = []; // { name, ok, reason }
  return {
    check(name, body) {
      try {
        body();
        results.push({ name, ok: true });
        console.log(`ok   ${name}`);
        return true;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        results.push({ name, ok: false, reason });
        console.log(`FAIL ${name}\n${reason.replace(/^/gm, '     ')}`);
        return false;
      }
    },
    finish() {
      const failed = results.filter((result) => !result.ok);
      console.log(`${suite}: ${results.length - failed.length} passed, ${failed.length} failed`);
      if (reportPath !== undefined) {
        const report = {
          suite,
          passed: results.length - failed.length,
          failed: failed.map(({ name, reason }) => ({ name, reason })),
        };
        writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`);
      }
      process.exit(failed.length === 0 ? 0 : 1);
    },
  };
}
