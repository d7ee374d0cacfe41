import { type StatsJSON, visibleText } from '@track/core';
import { describe, expect, test } from 'vitest';
import { displayWidth } from './display-width';
import { toHtml } from './html-format';
import { toJsonReport } from './json-report';
import { toJUnit } from './junit-format';
import { formatLog, formatStatsLines } from './log-format';
import { formatTable } from './table-format';
import { DIRECTION_CONTROLS, hostileTextRun, READS_DIFFERENTLY } from './test-support/hostile-text';
import { xmllint } from './test-support/system-tools';

/** `\u202e`, as the escape reads on screen. */
const shown = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

describe('visibleText', () => {
  test.each([...DIRECTION_CONTROLS, '\u2028', '\u2029', '\uD800', '\uDFFF'])(
    'shows %j as its escape',
    (c) => {
      expect(visibleText(`a${c}b`)).toBe(`a${shown(c)}b`);
    },
  );

  test('keeps whole surrogate pairs, ordinary text, and line feeds and tabs when multiline', () => {
    expect(visibleText('VolumesClient:getVolume é ✓ 日本 😀')).toBe('VolumesClient:getVolume é ✓ 日本 😀');
    expect(visibleText('a\n\tb\r')).toBe('a\\x0a\\x09b\\x0d');
    expect(visibleText('a\n\tb\r', { multiline: true })).toBe('a\n\tb\\x0d');
  });
});

describe('direction controls, separators and lone surrogates in every format', () => {
  const run = hostileTextRun();

  test('the table shows them as escapes and stays aligned', () => {
    const text = formatTable(run, { color: false, topFailures: 5 });
    expect(text).not.toMatch(READS_DIFFERENTLY);
    expect(text).toContain('getVolume\\u202eexe.txt');
    expect(text).toContain('Volumes\\u2067Client');
    const [table = ''] = text.split('\n\n');
    const [, separator, ...rows] = table.split('\n');
    const methodRows = rows.filter((row) => /^\S/.test(row));
    expect(methodRows).toHaveLength(3);
    for (const row of methodRows) expect(displayWidth(row)).toBe(displayWidth(separator ?? ''));
  });

  test('the table measures wide and combining characters in columns, not UTF-16 units', () => {
    const doc = hostileTextRun();
    const [first, second] = doc.methods;
    if (!first || !second) throw new Error('the run has too few methods');
    doc.methods = [
      { ...first, method: '日本語のボリューム', failures: [], fail: 0 },
      { ...second, method: 'cafe\u0301 😀' },
    ];
    const [header, separator, ...rows] = formatTable(doc, { color: false }).split('\n');
    // The pass column ends at the same column on every line.
    const passEnd = (header ?? '').indexOf('pass') + 4;
    expect(displayWidth((separator ?? '').slice(0, passEnd))).toBe(passEnd);
    for (const row of rows.slice(0, 2)) {
      const cut = row.length - (row.length - row.search(/ \d+ +\d+ +\d+ +\S+ +[\d.]+ /)) + 1;
      const passCell = /^ *\d+/.exec(row.slice(cut))?.[0] ?? '';
      expect(displayWidth(row.slice(0, cut) + passCell)).toBe(passEnd);
    }
  });

  test('a long message cut for the table never splits a character in two', () => {
    const doc = hostileTextRun();
    const failure = doc.methods[0]?.failures[0];
    if (!failure) throw new Error('the run has no failure');
    failure.message = `${'x'.repeat(116)}😀${'y'.repeat(10)}`;
    const text = formatTable(doc, { color: false });
    expect(text).toContain(`${'x'.repeat(116)}...`);
    expect(text).not.toMatch(READS_DIFFERENTLY);
  });

  test('log lines show them as escapes', () => {
    const text = formatLog(run, { now: 0, pid: 1 });
    expect(text).not.toMatch(READS_DIFFERENTLY);
    expect(text.split('\n')).toHaveLength(4);
    expect(formatStatsLines(run)).toContain('[Volumes\\u2067Client:getVolume\\u202eexe.txt] 10 pass, 2 fail');
  });

  test('the HTML shows them as escapes: in the tables, the traces and the chart labels', () => {
    const html = toHtml(run);
    expect(html).not.toMatch(READS_DIFFERENTLY);
    expect(html).toMatch(/<a href="#method-\d">getVolume\\u202eexe\.txt<\/a>/);
    expect(html).toContain(`volume ${DIRECTION_CONTROLS.map(shown).join('')} gone\\u2028second`);
    expect(html).toContain('"label":"Volumes\\\\u2067Client:getVolume\\\\u202eexe.txt"');
  });

  test('the JUnit file shows them as escapes and stays valid', () => {
    const xml = toJUnit(run);
    expect(xml).not.toMatch(READS_DIFFERENTLY);
    expect(xml).toContain('<testcase name="getVolume\\u202eexe.txt" classname="Volumes\\u2067Client"');
    expect(xmllint(xml)).toBe('');
  });

  test('the JSON report keeps the texts exactly: it is the data the views are made from', () => {
    const { stats } = JSON.parse(JSON.stringify(toJsonReport(run)));
    const byName = (doc: StatsJSON) =>
      doc.methods
        .map((m) => [m.client, m.method, m.failures.map((f) => [f.name, f.message, f.stack])])
        .sort();
    expect(byName(stats)).toEqual(byName(run));
  });
});
