import { join, resolve } from 'node:path';
import { describeWriteFailure, makeDirectorySync, writeFileAtomicSync } from '@track/reporters';
import { CliError, EXIT } from '../cli-error';
import { formatComparisonHtml, formatComparisonJson, formatComparisonTable } from '../compare/compare-format';
import { type CompareLimits, parsePercentagePoints, parseRelativePercent } from '../compare/compare-limits';
import { compareStats } from '../compare/compare-reports';
import { readReportDocument } from './merge/report-document';

/** Options of `cinder-stress compare`, as commander gives them. */
export interface CompareOptions {
  maxFailRateIncrease?: string;
  maxP95Increase?: string;
  /** commander's negation of `--no-fail-on-new-failures`. */
  failOnNewFailures: boolean;
  json?: boolean;
  out?: string;
}

/**
 * `cinder-stress compare BASELINE.json CURRENT.json`: per method, what got worse from the baseline
 * run to the current one. Prints a table (or the JSON with `--json`), writes `compare.json` and
 * `compare.html` under `--out`, and resolves to 1 when a method crossed a limit, 0 otherwise. A file
 * that is not a run's report.json is a usage error (exit 2) naming the file and the field; files
 * that cannot be written end it with exit 3.
 */
export async function compareCommand(
  baselineFile: string,
  currentFile: string,
  options: CompareOptions,
): Promise<number> {
  const limits: CompareLimits = {
    ...(options.maxFailRateIncrease !== undefined
      ? {
          maxFailRateIncreasePp: parsePercentagePoints(
            options.maxFailRateIncrease,
            '--max-fail-rate-increase',
          ),
        }
      : {}),
    ...(options.maxP95Increase !== undefined
      ? { maxP95IncreasePercent: parseRelativePercent(options.maxP95Increase, '--max-p95-increase') }
      : {}),
    failOnNewFailures: options.failOnNewFailures,
  };
  const baseline = readReportDocument(baselineFile);
  const current = readReportDocument(currentFile);
  const comparison = compareStats(baseline.stats, current.stats, limits);
  const files = { baseline: baselineFile, current: currentFile };
  process.stdout.write(
    options.json ? formatComparisonJson(comparison, files) : formatComparisonTable(comparison),
  );
  if (options.out !== undefined) {
    const dir = resolve(options.out);
    for (const [file, text] of [
      [join(dir, 'compare.json'), formatComparisonJson(comparison, files)],
      [join(dir, 'compare.html'), formatComparisonHtml(comparison, files)],
    ] as const) {
      try {
        makeDirectorySync(dir);
        writeFileAtomicSync(file, text);
      } catch (error) {
        throw new CliError(
          `${file}: cannot write the comparison: ${describeWriteFailure(error)}`,
          EXIT.reportNotWritten,
          'COMPARE_NOT_WRITTEN',
        );
      }
    }
    if (!options.json)
      process.stdout.write(`comparison: ${join(dir, 'compare.json')}, ${join(dir, 'compare.html')}\n`);
  }
  return comparison.isWorse ? EXIT.failures : EXIT.ok;
}
