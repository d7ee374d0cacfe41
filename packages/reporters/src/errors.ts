/** A report could not be written; `path` is the file or directory at fault. */
export class ReportWriteError extends Error {
  readonly code = 'TRACK_REPORT_WRITE_FAILED';
  readonly path: string;
  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super(`Cannot write the report ${path}: ${reason}`, options);
    this.name = 'ReportWriteError';
    this.path = path;
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
