import { type MethodStats, Stats, type StatsJSON, type TimelineJSON } from '@track/core';

/** What every formatter accepts: a live `Stats`, or its JSON document (object or text). */
export type ReportInput = Stats | StatsJSON | string;

/** Run metadata carried by reports. Never credentials. */
export interface ReportMeta {
  /** Scenario name, e.g. `cinder-stress`. */
  scenario?: string;
  /** Start and end of the run (Date or epoch ms). */
  startedAt?: Date | number;
  endedAt?: Date | number;
  /** Duration in ms (default: end - start). */
  durationMs?: number;
  /** Concurrent iterations. */
  concurrency?: number;
  /** Id of the run (a single run's report). */
  runId?: string;
  /** Ids of the runs a merged report combines. */
  runIds?: string[];
  /**
   * HTTP requests counted at the transport (each request once, however many traced calls it sits
   * under) and how many failed, for the headline beside the traced calls.
   */
  httpRequests?: { sent: number; failed: number };
  /** Cloud name (clouds.yaml key, `envvars` or `fake`). */
  cloudName?: string;
  /** Versions of the tools that produced the run, e.g. `{ '@track/core': '0.1.0', node: 'v24.21.0' }`. */
  toolVersions?: Record<string, string>;
  /** Name of the report (JUnit suites' name; HTML title). */
  title?: string;
}

/** A normalised run: per-method statistics (sorted) plus the raw document. */
export interface ReportData {
  doc: StatsJSON;
  methods: MethodStats[];
  timeline?: TimelineJSON;
}

/**
 * Normalises any {@link ReportInput}. A `Stats` made by another installed copy of @track/core is read
 * through its document (`Stats.isStats`). A bad document throws `InvalidStatsJson` naming the field.
 */
export function toReportData(input: ReportInput): ReportData {
  const stats =
    input instanceof Stats ? input : Stats.fromJSON(Stats.isStats(input) ? input.toJSON() : input);
  const doc = stats.toJSON();
  const data: ReportData = { doc, methods: stats.methods() };
  if (doc.timeline) data.timeline = doc.timeline;
  return data;
}

/** Milliseconds of a Date or epoch ms. */
export function epochOf(value: Date | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  return value instanceof Date ? value.getTime() : value;
}
