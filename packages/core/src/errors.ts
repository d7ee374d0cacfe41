/** Base class of every error @track/core throws; `code` is stable across versions. */
export class TrackError extends Error {
  /** Stable machine-readable code, e.g. `TRACK_INVALID_STATS_JSON`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A document given to `Stats.fromJSON` or `stats.merge` is not a valid statistics document. */
export class InvalidStatsJson extends TrackError {
  /** Path of the offending field, e.g. `methods[3].pass`. */
  readonly field: string;
  constructor(field: string, problem: string) {
    super('TRACK_INVALID_STATS_JSON', `Invalid statistics document: ${field} ${problem}.`);
    this.field = field;
  }
}
