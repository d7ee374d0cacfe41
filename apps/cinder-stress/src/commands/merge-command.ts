import { Stats } from '@track/core';
import { formatLog, formatTable, parseReportFormats } from '@track/reporters';
import { CliError, EXIT } from '../cli-error';
import { writeReportsSaying } from '../run/report-files';
import { TOOL_VERSIONS } from '../tool-versions';
import { type ReportDocument, readReportDocument } from './merge/report-document';

/** Options of `cinder-stress merge`. */
export interface MergeOptions {
  report: string;
  out: string;
  /** Merge reports of the same run more than once. */
  allowSame?: boolean;
}

/** Refuses a run that two of the files hold (its counts would be added twice), naming both files. */
function refuseSameRun(documents: readonly ReportDocument[]): void {
  const seen = new Map<string, string>();
  for (const doc of documents) {
    for (const runId of doc.runIds) {
      const first = seen.get(runId);
      if (first !== undefined)
        throw new CliError(
          `${doc.file}: run ${runId} is already in ${first}: merging it again would count its calls twice (--allow-same merges it anyway)`,
          undefined,
          'MERGE_SAME_RUN',
        );
      seen.set(runId, doc.file);
    }
  }
}

/** `cinder-stress merge a.json b.json ...`: one report from runs on several hosts. */
export async function mergeCommand(files: string[], options: MergeOptions): Promise<number> {
  if (files.length === 0) throw new CliError('merge needs at least one report.json');
  const formats = (() => {
    try {
      return parseReportFormats(options.report.split(',').filter(Boolean));
    } catch (error) {
      throw new CliError(`--report: ${(error as Error).message}`);
    }
  })();
  const documents = files.map(readReportDocument);
  if (!options.allowSame) refuseSameRun(documents);
  const merged = new Stats({ timeline: true });
  let startedAt: number | undefined;
  let endedAt: number | undefined;
  let concurrency = 0;
  let httpRequests: { sent: number; failed: number } | undefined;
  for (const doc of documents) {
    try {
      merged.merge(doc.stats);
    } catch (error) {
      throw new CliError(`${doc.file}: ${(error as Error).message}`);
    }
    if (doc.startedAt !== undefined) startedAt = Math.min(startedAt ?? doc.startedAt, doc.startedAt);
    if (doc.endedAt !== undefined) endedAt = Math.max(endedAt ?? doc.endedAt, doc.endedAt);
    concurrency += doc.concurrency ?? 0;
    if (doc.httpRequests)
      httpRequests = {
        sent: (httpRequests?.sent ?? 0) + doc.httpRequests.sent,
        failed: (httpRequests?.failed ?? 0) + doc.httpRequests.failed,
      };
  }
  for (const m of merged.methods())
    for (const [field, n] of [
      ['pass', m.pass],
      ['fail', m.fail],
    ] as const)
      if (!Number.isSafeInteger(n))
        throw new CliError(
          `the merged ${field} of ${m.client}.${m.method} is above ${Number.MAX_SAFE_INTEGER}: merge fewer reports at once`,
          undefined,
          'MERGE_COUNT_OVERFLOW',
        );
  const runIds = [...new Set(documents.flatMap((d) => d.runIds))];
  process.stdout.write(formatLog(merged, { program: 'cinder-stress' }));
  process.stdout.write(`\n${formatTable(merged)}`);
  const outcome = await writeReportsSaying(merged, {
    formats,
    outDir: options.out,
    program: 'cinder-stress',
    meta: {
      scenario: `merge of ${files.length} report${files.length === 1 ? '' : 's'}`,
      ...(startedAt !== undefined ? { startedAt } : {}),
      ...(endedAt !== undefined ? { endedAt } : {}),
      ...(concurrency ? { concurrency } : {}),
      ...(runIds.length > 0 ? { runIds } : {}),
      ...(httpRequests ? { httpRequests } : {}),
      toolVersions: TOOL_VERSIONS,
    },
  });
  // Each file that could not be written is named with its reason; the others are written (exit 3).
  return outcome.ok ? EXIT.ok : EXIT.reportNotWritten;
}
