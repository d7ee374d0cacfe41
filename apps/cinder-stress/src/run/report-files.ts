import { join } from 'node:path';
import type { ReportInput } from '@track/reporters';
import {
  describeWriteFailure,
  type ReportFileFailure,
  ReportWriteError,
  type WriteReportsOptions,
  writeFileAtomicSync,
  writeReports,
} from '@track/reporters';
import type { JournalEntry } from './resource-journal';

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

/** The file that lists what a run may have left on the cloud. */
export function orphansPath(outDir: string): string {
  return join(outDir, 'orphans.json');
}

/**
 * Writes `orphans.json` (atomically, synchronously: it also serves the second signal, which exits
 * right after): the run id and each resource that may be left, with `state` `left` (it exists or
 * could not be confirmed gone) or `maybe-created` (its create got no answer and it was not found
 * by name). Returns an error text instead of throwing when it cannot be written.
 */
export function writeOrphansFile(
  outDir: string,
  runId: string,
  entries: readonly JournalEntry[],
): string | undefined {
  const resources = entries.map((e) => ({
    kind: e.kind,
    name: e.name,
    ...(e.id !== undefined ? { id: e.id } : {}),
    state: e.id === undefined && e.unanswered ? 'maybe-created' : 'left',
  }));
  const path = orphansPath(outDir);
  try {
    writeFileAtomicSync(path, `${JSON.stringify({ runId, resources }, null, 2)}\n`);
    return undefined;
  } catch (error) {
    return `could not write ${path}: ${describeWriteFailure(error)}`;
  }
}

/**
 * What a run left, for its summary: one line per resource (at most `max`), saying whether it is
 * left or maybe created (its create got no answer and it was not found by name).
 */
export function describeLeft(entries: readonly JournalEntry[], max = 20): string {
  const lines = entries
    .slice(0, max)
    .map((e) =>
      e.id === undefined && e.unanswered
        ? `  maybe created: ${e.kind} ${e.name} (its create got no answer and it was not found by name)\n`
        : `  left: ${e.kind} ${e.name}${e.id ? ` (${e.id})` : ''}\n`,
    );
  if (entries.length > max) lines.push(`  ... and ${entries.length - max} more (see orphans.json)\n`);
  return lines.join('');
}
