import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RequestTimeout, ServerFault } from '@track/openstack-clients';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { mountTmpfs, TMPFS_UNAVAILABLE } from '../../test/tmpfs';
import { JournalWriteError, ResourceJournal, readJournalFile } from './resource-journal';

describe('ResourceJournal abandoned entries', () => {
  test('an abandoned entry is handed to one sweeper, and dropped once deleted', () => {
    const journal = new ResourceJournal('unit1');
    const a = journal.reserve('volume');
    const b = journal.reserve('server');
    journal.abandon(a);
    journal.abandon(b);
    expect(journal.abandonedCount).toBe(2);
    expect(journal.takeAbandoned(1)).toEqual([a]);
    expect(journal.takeAbandoned(5)).toEqual([b]);
    expect(journal.takeAbandoned(5)).toEqual([]);
    journal.abandon(b);
    journal.deleted(b);
    expect(journal.abandonedCount).toBe(0);
    expect(journal.has(a)).toBe(true);
    expect(journal.has(b)).toBe(false);
  });

  test('an entry no longer in the journal cannot be abandoned', () => {
    const journal = new ResourceJournal('unit1');
    const entry = journal.reserve('snapshot');
    journal.deleted(entry);
    journal.abandon(entry);
    expect(journal.abandonedCount).toBe(0);
  });
});

describe('the journal file', () => {
  const path = () => join(mkdtempSync(join(tmpdir(), 'journal-')), 'run', 'journal.jsonl');

  test('a name is on disk when reserve returns, before the create can be sent', () => {
    const file = path();
    const journal = new ResourceJournal('disk1', file);
    const entry = journal.reserve('volume');
    // No await, no timer: what a kill -9 right now would leave.
    expect(readJournalFile(file)).toEqual({
      runId: 'disk1',
      resources: [{ kind: 'volume', name: entry.name, sentAt: entry.sentAt }],
    });
    journal.close();
  });

  test('ids, unanswered creates and deletions are appended, one line per event', () => {
    const file = path();
    const journal = new ResourceJournal('disk2', file);
    const kept = journal.reserve('volume');
    journal.created(kept, 'v-1');
    const lost = journal.reserve('volume');
    journal.createFailed(lost, new RequestTimeout('timed out', { method: 'POST', timeoutMs: 1 }));
    const answered = journal.reserve('volume');
    journal.createFailed(answered, new ServerFault('boom', { status: 500 }));
    const gone = journal.reserve('snapshot');
    journal.created(gone, 's-1');
    journal.deleted(gone);
    journal.close();
    const lines = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).event);
    expect(lines).toEqual([
      'run',
      'create',
      'created',
      'create',
      'unanswered',
      'create',
      'create',
      'created',
      'deleted',
    ]);
    expect(
      readJournalFile(file).resources.map(({ name, id, unanswered }) => ({ name, id, unanswered })),
    ).toEqual([
      { name: kept.name, id: 'v-1', unanswered: undefined },
      { name: lost.name, id: undefined, unanswered: true },
      { name: answered.name, id: undefined, unanswered: undefined },
    ]);
  });

  test('a line cut by a crash is skipped when the file is read', () => {
    const file = path();
    const journal = new ResourceJournal('disk3', file);
    const entry = journal.reserve('volume');
    journal.close();
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"event":"create","kind":"vol`);
    expect(readJournalFile(file).resources.map((e) => e.name)).toEqual([entry.name]);
  });
});

const mounts: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounts.splice(0)) unmount();
  vi.restoreAllMocks();
});

describe.skipIf(TMPFS_UNAVAILABLE !== undefined)(
  `journal write failures on a real file system (${TMPFS_UNAVAILABLE ?? 'as root'})`,
  () => {
    test('on a full disk reserve throws a JournalWriteError naming ENOSPC, and the failure is reported', () => {
      const { path: dir, unmount } = mountTmpfs(8);
      mounts.push(unmount);
      const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const journal = new ResourceJournal('full1', join(dir, 'journal.jsonl'));
      // Fill the file system, as a run writing reports and other files beside the journal can.
      try {
        writeFileSync(join(dir, 'filler'), Buffer.alloc(64 * 1024));
      } catch {
        // ENOSPC once full: what the test wants.
      }
      let error: unknown;
      for (let i = 0; i < 1000 && error === undefined; i++) {
        try {
          journal.reserve('volume');
        } catch (e) {
          error = e;
        }
      }
      expect(error).toBeInstanceOf(JournalWriteError);
      expect((error as JournalWriteError).exitCode).toBe(3);
      expect((error as Error).message).toContain('ENOSPC (no space left on device)');
      expect(journal.writeFailure).toBeDefined();
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toContain('cannot write the journal');
      // The name that could not be journaled is not pending: its create is never sent.
      const names = journal.pending().map((e) => e.name);
      expect(new Set(names).size).toBe(names.length);
      expect(readJournalFile(join(dir, 'journal.jsonl')).resources.map((e) => e.name)).toEqual(names);
      journal.close();
    });

    test('a journal on a read-only file system is a JournalWriteError naming EROFS', () => {
      const { path: dir, unmount } = mountTmpfs(16, { readOnly: true });
      mounts.push(unmount);
      expect(() => new ResourceJournal('ro1', join(dir, 'out', 'journal.jsonl'))).toThrow(
        /cannot write the journal .*EROFS \(read-only file system\)/,
      );
    });
  },
);
