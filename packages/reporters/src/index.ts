/**
 * `@track/reporters`: log, table, JSON, JUnit XML and self-contained HTML views of a `@track/core`
 * `Stats` (or its JSON). Pure formatters return strings; `writeReports` does the I/O.
 */

export type { VisibleTextOptions } from '@track/core';
export { terminalText, visibleText } from '@track/core';
export { describeWriteFailure, writeAllSync, writeFileAtomic, writeFileAtomicSync } from './atomic-file';
export type { ReportFileFailure } from './errors';
export { ReportWriteError, UnknownReportFormat } from './errors';
export { failRate, formatFailPercent, formatPercent } from './fail-percent';
export type { HtmlOptions } from './html-format';
export { escapeHtml, toHtml } from './html-format';
export type { JsonReport } from './json-report';
export {
  formatJsonReport,
  JSON_REPORT_SCHEMA,
  JSON_REPORT_SCHEMA_VERSION,
  toJsonReport,
} from './json-report';
export type { JUnitOptions } from './junit-format';
export { JUNIT_DEFAULT_MAX_BYTES, toJUnit } from './junit-format';
export type { LogFormatOptions } from './log-format';
export { formatLog, formatStatsLines, logStats, osloTimestamp } from './log-format';
export { makeDirectorySync } from './make-directory';
export type { Redact, RedactOptions } from './redact';
export { redactMeta, redactStats } from './redact';
export type { ReportInput, ReportMeta } from './report-input';
export type { TableFormatOptions } from './table-format';
export { formatTable } from './table-format';
export type { RenderOptions, ReportFormat, WriteReportsOptions } from './write-reports';
export { parseReportFormats, REPORT_FORMATS, renderReport, writeReports } from './write-reports';
