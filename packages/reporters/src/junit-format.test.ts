import { describe, expect, test } from 'vitest';
import { toJUnit } from './junit-format';
import { FIXED_DOC, FIXED_META, sampleStats } from './test-support/sample-stats';
import { xmllint } from './test-support/system-tools';

describe('JUnit XML', () => {
  test('validates against the strict XSD with hostile failure messages', async () => {
    const xml = toJUnit(await sampleStats(), FIXED_META);
    expect(xmllint(xml)).toBe('');
    expect(xml).not.toMatch(/[\u0001\u0008\u001b]/);
    expect(xml).toContain(']]]]><![CDATA[>');
  });

  test('one testsuite per client, one testcase per method, counts equal the children', () => {
    const xml = toJUnit(FIXED_DOC, FIXED_META);
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toContain('<testsuites name="cinder-stress" tests="2" failures="1" errors="0"');
    // Core timed 3 of the 6,227 calls (mean 10 ms): the testcase's time covers all of them.
    expect(xml).toContain('<testcase name="getVolume" classname="VolumesClient" time="62.270">');
    expect(xml).toContain(
      'message="2 of 6227 calls failed; most frequent: NotFound: Volume v1 could not be found."',
    );
  });

  test('very long failure text is capped with a note, and still validates', () => {
    const doc = structuredClone(FIXED_DOC);
    doc.methods[0]!.failures[0]!.stack = `Error: long\n${'    at frame (x.ts:1:1)\n'.repeat(20_000)}`;
    const xml = toJUnit(doc, FIXED_META, { maxFailureBytes: 10_000 });
    expect(xml).toMatch(/\[truncated \d+ bytes\]/);
    expect(xml.length).toBeLessThan(20_000);
    expect(xmllint(xml)).toBe('');
  });
});
