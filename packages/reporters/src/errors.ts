/** One file (or the directory) {@link writeReports} could not write, and why. */
export interface ReportFileFailure {
  /** The file or directory at fault. */
  path: string;
  /** The errno code when there is one: `ENOSPC`, `EROFS`, `EACCES`... */
  errno?: string;
  /** Why, in words, e.g. `ENOSPC (no space left on device)`. */
  reason: string;
}

/**
 * Reports could not be written. `failures` names each file (or the directory) and why; `written`
 * lists the files that were written completely all the same. `path` is the first failure's path.
 * A file in `failures` is absent or keeps its previous content: never half written.
 */
export class ReportWriteError extends Error {
  readonly code = 'TRACK_REPORT_WRITE_FAILED';
  readonly path: string;
  readonly failures: readonly ReportFileFailure[];
  readonly written: readonly string[];
  constructor(
    failures: readonly ReportFileFailure[],
    written: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    const list = failures.map((f) => `${f.path}: ${f.reason}`).join('; ');
    super(
      failures.length === 1
        ? `Cannot write the report ${list}`
        : `Cannot write ${failures.length} reports: ${list}`,
      options,
    );
    this.name = 'ReportWriteError';
    this.path = failures[0]?.path ?? '';
    this.failures = failures;
    this.written = written;
  }
}

/** An unknown report format was asked for; `format` is the name given, `known` the valid ones. */
export class UnknownReportFormat extends Error {
  readonly code = 'TRACK_UNKNOWN_REPORT_FORMAT';
  readonly format: string;
  readonly known: readonly string[];
  constructor(format: string, known: readonly string[]) {
    super(`Unknown report format ${JSON.stringify(format)}: use one of ${known.join(', ')}`);
    this.name = 'UnknownReportFormat';
    this.format = format;
    this.known = known;
  }
}
