import { describe, expect, test } from 'vitest';
import { ResourceJournal } from './resource-journal';

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
