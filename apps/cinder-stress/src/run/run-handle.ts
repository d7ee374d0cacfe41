import type { Stats } from '@track/core';
import type { RequestCounts } from '@track/openstack-clients';
import type { JournalEntry } from './resource-journal';
import type { RunTotals } from './run-totals';
import type { RunProgress } from './runner';

/** What a finished run gives back. */
export interface RunResult {
  /** Every traced call of the run (merged over worker threads). */
  stats: Stats;
  /** Resources that may still exist after the end-of-run cleanup. */
  left: JournalEntry[];
  cloudName: string;
  /** HTTP requests counted at the transport. */
  requests: RequestCounts;
  /** Why a journal file could not be written, when one could not (the run then exits 3). */
  journalFailure?: string;
}

/**
 * A running run, the same whether it runs in this thread ({@link startLocalRun}) or in worker
 * threads ({@link runInThreads}): what the status line, the signal handling and the reports use.
 */
export interface RunHandle {
  /** Live progress (iterations, stop reason). */
  readonly progress: RunProgress;
  /** Traced calls and HTTP requests so far. */
  totals(): RunTotals;
  /** Resources that may exist right now. */
  pending(): JournalEntry[];
  /** The statistics so far. */
  snapshot(): Promise<Stats>;
  /** No new iterations; in-flight ones get the drain timeout. */
  stop(): void;
  /** Settles when the run, its drain and its end-of-run cleanup are over. */
  readonly done: Promise<RunResult>;
}
