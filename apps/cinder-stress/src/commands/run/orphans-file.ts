import { join } from 'node:path';
import { writeFileAtomicSync } from '@track/reporters';
import type { JournalEntry } from '../../run/resource-journal';

/** Where a run lists the resources that may be left: `orphans.json` in its output directory. */
export function orphansPath(outDir: string): string {
  return join(outDir, 'orphans.json');
}

/**
 * Writes `orphans.json` (atomically, complete or absent; synchronously: it also runs on the way out
 * of a second Ctrl-C): the run id and each resource that may be left, with `state` `left` (it
 * exists or could not be confirmed gone) or `maybe-created` (its create got no answer and it was not
 * found by name). Returns the file; throws the errno error (`ENOSPC`, `EROFS`...) when it cannot be
 * written.
 */
export function writeOrphans(outDir: string, runId: string, left: readonly JournalEntry[]): string {
  const file = orphansPath(outDir);
  const resources = left.map((e) => ({
    kind: e.kind,
    name: e.name,
    ...(e.id !== undefined ? { id: e.id } : {}),
    state: isMaybeCreated(e) ? 'maybe-created' : 'left',
  }));
  writeFileAtomicSync(file, `${JSON.stringify({ runId, resources }, null, 2)}\n`);
  return file;
}

/** True for an entry whose create got no answer and that was never seen on the cloud. */
function isMaybeCreated(entry: JournalEntry): boolean {
  return entry.id === undefined && entry.unanswered === true;
}

/**
 * What a run left, for its summary: one line per resource (at most `max`), saying whether it is
 * left or maybe created (its create got no answer and it was not found by name).
 */
export function describeLeft(entries: readonly JournalEntry[], max = 20): string {
  const lines = entries
    .slice(0, max)
    .map((e) =>
      isMaybeCreated(e)
        ? `  maybe created: ${e.kind} ${e.name} (its create got no answer and it was not found by name)\n`
        : `  left: ${e.kind} ${e.name}${e.id ? ` (${e.id})` : ''}\n`,
    );
  if (entries.length > max) lines.push(`  ... and ${entries.length - max} more (see orphans.json)\n`);
  return lines.join('');
}
