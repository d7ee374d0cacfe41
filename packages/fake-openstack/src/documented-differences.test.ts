import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  DOCUMENTED_DIFFERENCES,
  type DocumentedDifference,
  documentedDifference,
  documentedDifferencesTable,
} from './documented-differences';

const README = new URL('../README.md', import.meta.url);
const START = '<!-- documented-differences:start -->\n';
const END = '<!-- documented-differences:end -->';

describe('documented differences', () => {
  const list: DocumentedDifference[] = [
    { exchange: 'nova: GET /servers*', where: 'body.server*.progress', what: 'p', why: 'w' },
  ];

  test('an entry covers the exchanges and places its wildcards match, and only those', () => {
    expect(documentedDifference('nova: GET /servers/{id} at 2.1', 'body.server.progress', list)).toBe(
      list[0],
    );
    expect(documentedDifference('nova: GET /servers/detail', 'body.servers[].progress', list)).toBe(list[0]);
    expect(documentedDifference('nova: POST /servers', 'body.server.progress', list)).toBeUndefined();
    expect(documentedDifference('nova: GET /servers', 'body.server.progress.x', list)).toBeUndefined();
    // Regular-expression characters in names are literal.
    expect(documentedDifference('nova: GET /serversXdetail', 'body(server).progress', list)).toBeUndefined();
  });

  test('every entry says what and why, and names no exchange twice at the same place', () => {
    for (const d of DOCUMENTED_DIFFERENCES) {
      expect(d.what.length, d.exchange).toBeGreaterThan(10);
      expect(d.why.length, d.exchange).toBeGreaterThan(10);
    }
    const keys = DOCUMENTED_DIFFERENCES.map((d) => `${d.exchange} ${d.where}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test("the package README's table is the list, rendered", () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start, 'the README has the documented-differences markers').toBeGreaterThan(0);
    const table = readme.slice(start + START.length, end).trim();
    expect(
      table,
      `README.md's table is out of date: put this between its documented-differences markers:\n${documentedDifferencesTable()}`,
    ).toBe(documentedDifferencesTable());
  });
});
