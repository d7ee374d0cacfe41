/**
 * `@track/core`: count every call of a decorated client (pass, fail, failure stacks, latency) with
 * near-zero overhead, and report the figures at the end of a run. No runtime dependencies.
 */

export { InvalidStatsJson, TrackError } from './errors';
export type { FailureRecord } from './failure-traces';
export { DEFAULT_MAX_FAILURE_TRACES } from './failure-traces';
export type { LatencyHistogramJSON, LatencySummary } from './latency-histogram';
export { LatencyHistogram } from './latency-histogram';
export type { MethodLineCounts } from './method-line';
export { formatMethodLine } from './method-line';
export { replaceIds } from './replace-ids';
export { retriesText } from './retries-text';
export type { InfoLogger, MethodStats, StatsOptions } from './stats';
export { Stats } from './stats';
export type { MethodStatsJSON, StatsJSON } from './stats-json';
export { parseStatsJson, STATS_JSON_VERSION } from './stats-json';
export type { VisibleTextOptions } from './terminal-text';
export { terminalText, visibleText } from './terminal-text';
export type { TimelineBucket, TimelineJSON } from './timeline';
export type { DecorateOptions, TraceOptions } from './trace';
export { Trace } from './trace';
export type { WhitelistEntry } from './whitelist';
export { DEFAULT_WHITELIST } from './whitelist';
