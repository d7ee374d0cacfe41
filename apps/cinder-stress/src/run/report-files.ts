import {
  type ReportFileFailure,
  type ReportInput,
  ReportWriteError,
  type WriteReportsOptions,
  writeReports,
} from '@track/reporters';

/** What {@link writeReportFiles} wrote, and each file (or the directory) it could not write. */
export interface ReportFilesOutcome {
  written: string[];
  failures: ReportFileFailure[];
}

/**
 * Writes the reports (each complete or absent, see `writeReports`), never throwing for a file that
 * cannot be written: the failures are returned beside the written files, for the run to name them
 * and exit 3.
 */
export async function writeReportFiles(
  input: ReportInput,
  options: WriteReportsOptions,
): Promise<ReportFilesOutcome> {
  try {
    return { written: await writeReports(input, options), failures: [] };
  } catch (error) {
    if (!(error instanceof ReportWriteError)) throw error;
    return { written: [...error.written], failures: [...error.failures] };
  }
}

/**
 * The `reports:` line for stdout (the written files), and one stderr line per file that could not
 * be written, naming it and why.
 */
export function describeReportFiles(outcome: ReportFilesOutcome): { stdout: string; stderr: string } {
  return {
    stdout: outcome.written.length > 0 ? `reports: ${outcome.written.join(', ')}\n` : '',
    stderr: outcome.failures
      .map((f) => `cinder-stress: could not write the report ${f.path}: ${f.reason}\n`)
      .join(''),
  };
}

/** Writes reports and prints what was written and what failed; `ok` is false when any failed. */
export async function writeReportsSaying(
  input: ReportInput,
  options: WriteReportsOptions,
): Promise<ReportFilesOutcome & { ok: boolean }> {
  const outcome = await writeReportFiles(input, options);
  const lines = describeReportFiles(outcome);
  process.stdout.write(lines.stdout);
  process.stderr.write(lines.stderr);
  return { ...outcome, ok: outcome.failures.length === 0 };
}
