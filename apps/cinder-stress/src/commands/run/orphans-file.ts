import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { JournalEntry } from '../../run/resource-journal';

/** Where a run lists the resources that may be left: `orphans.json` in its output directory. */
export function orphansPath(outDir: string): string {
  return join(outDir, 'orphans.json');
}

/** Writes `orphans.json` (synchronously: it also runs on the way out of a second Ctrl-C). */
export function writeOrphans(outDir: string, runId: string, left: readonly JournalEntry[]): string {
  const file = orphansPath(outDir);
  writeFileAtomic.sync(file, `${JSON.stringify({ runId, resources: left }, null, 2)}\n`);
  return file;
}
