import { describe, expect, test } from 'vitest';
import { InvalidStatsJson } from './errors';
import { Stats } from './stats';
import { parseStatsJson, type StatsJSON } from './stats-json';

/** A valid document: one method with two traces (3 + 1 failures) and 1 dropped of its 5 failures. */
function validDoc(): StatsJSON & Record<string, unknown> {
  return {
    version: 1,
    methods: [
      {
        client: 'VolumesClient',
        method: 'getVolume',
        pass: 4,
        fail: 5,
        retries: 1,
        whitelisted: 3,
        inFlight: 2,
        droppedFailures: 1,
        maxFailureTraces: 20,
        failures: [
          {
            stack: 'NotFound: Volume 1 not found\n    at getVolume (v.js:1:1)',
            count: 3,
            name: 'NotFound',
            message: 'Volume 1 not found',
            normalizedMessage: 'Volume 1 not found',
            status: 404,
            firstAt: 1000,
            lastAt: 2000,
          },
          { stack: 'Error: x\n    at getVolume (v.js:2:1)', count: 1, firstAt: 1500, lastAt: 1500 },
        ],
        latency: { count: 2, sum: 3.5, min: 1.5, max: 2, buckets: { 1500: 1, 2000: 1 } },
      },
    ],
    timeline: { bucketMs: 1000, buckets: [{ at: 1000, pass: 4, fail: 5 }] },
  };
}

type Doc = ReturnType<typeof validDoc>;
type Json = Record<string, unknown>;
const method = (doc: Doc) => doc.methods[0] as unknown as Json;
const failure = (doc: Doc, i = 0) => (method(doc).failures as Json[])[i]!;
const latency = (doc: Doc) => method(doc).latency as Json;
/** Sets a field of the document to a (possibly invalid) value. */
const set = (target: object, key: string, value: unknown) => {
  (target as Json)[key] = value;
};
const bucket = (doc: Doc) => (doc.timeline!.buckets as unknown as Json[])[0]!;

/** A change making the document invalid, and the field the error must name. */
const INVALID: [string, (doc: Doc) => void, string][] = [
  ['trace counts above fail', (d) => set(method(d), 'fail', 3), 'methods[0].failures'],
  ['trace counts and dropped above fail', (d) => set(method(d), 'droppedFailures', 2), 'methods[0].failures'],
  ['firstAt after lastAt', (d) => set(failure(d), 'firstAt', 2001), 'methods[0].failures[0].firstAt'],
  ['a negative firstAt', (d) => set(failure(d), 'firstAt', -1), 'methods[0].failures[0].firstAt'],
  ['a NaN lastAt', (d) => set(failure(d), 'lastAt', Number.NaN), 'methods[0].failures[0].lastAt'],
  ['a string lastAt', (d) => set(failure(d), 'lastAt', '2000'), 'methods[0].failures[0].lastAt'],
  ['a negative latency sum', (d) => set(latency(d), 'sum', -1), 'methods[0].latency.sum'],
  ['a NaN latency sum', (d) => set(latency(d), 'sum', Number.NaN), 'methods[0].latency.sum'],
  ['a string latency sum', (d) => set(latency(d), 'sum', '3.5'), 'methods[0].latency.sum'],
  [
    'an infinite latency max',
    (d) => set(latency(d), 'max', Number.POSITIVE_INFINITY),
    'methods[0].latency.max',
  ],
  ['a negative latency min', (d) => set(latency(d), 'min', -0.5), 'methods[0].latency.min'],
  ['a latency min above its max', (d) => set(latency(d), 'min', 3), 'methods[0].latency.min'],
  [
    'a non-numeric latency bucket key',
    (d) => set(latency(d), 'buckets', { 1500: 1, abc: 1 }),
    'methods[0].latency.buckets',
  ],
  [
    'a latency bucket count that is not a count',
    (d) => set(latency(d), 'buckets', { 1500: 1, 2000: 1.5 }),
    'methods[0].latency.buckets.2000',
  ],
  ['a non-string failure name', (d) => set(failure(d), 'name', 404), 'methods[0].failures[0].name'],
  [
    'a non-string message',
    (d) => set(failure(d), 'message', { text: 'x' }),
    'methods[0].failures[0].message',
  ],
  [
    'a non-string normalizedMessage',
    (d) => set(failure(d), 'normalizedMessage', null),
    'methods[0].failures[0].normalizedMessage',
  ],
  ['a fractional status', (d) => set(failure(d), 'status', 404.5), 'methods[0].failures[0].status'],
  ['an empty stack', (d) => set(failure(d), 'stack', ''), 'methods[0].failures[0].stack'],
  ['a non-string client', (d) => set(method(d), 'client', 7), 'methods[0].client'],
  ['an empty method name', (d) => set(method(d), 'method', ''), 'methods[0].method'],
  ['a pass count above 2^53', (d) => set(method(d), 'pass', 2 ** 53), 'methods[0].pass'],
  ['a fail count of 1e300', (d) => set(method(d), 'fail', 1e300), 'methods[0].fail'],
  ['a fractional retries count', (d) => set(method(d), 'retries', 0.5), 'methods[0].retries'],
  ['a negative whitelisted', (d) => set(method(d), 'whitelisted', -1), 'methods[0].whitelisted'],
  ['a fractional whitelisted', (d) => set(method(d), 'whitelisted', 1.5), 'methods[0].whitelisted'],
  ['a string whitelisted', (d) => set(method(d), 'whitelisted', '3'), 'methods[0].whitelisted'],
  ['whitelisted above pass', (d) => set(method(d), 'whitelisted', 5), 'methods[0].whitelisted'],
  ['a negative inFlight', (d) => set(method(d), 'inFlight', -1), 'methods[0].inFlight'],
  ['a string trace count', (d) => set(failure(d, 1), 'count', '1'), 'methods[0].failures[1].count'],
  ['a zero timeline width', (d) => set(d.timeline!, 'bucketMs', 0), 'timeline.bucketMs'],
  ['a timeline width below 1 ms', (d) => set(d.timeline!, 'bucketMs', 1e-300), 'timeline.bucketMs'],
  ['a timeline width of 1e300 ms', (d) => set(d.timeline!, 'bucketMs', 1e300), 'timeline.bucketMs'],
  ['a string timeline width', (d) => set(d.timeline!, 'bucketMs', '1000' as never), 'timeline.bucketMs'],
  ['a negative bucket time', (d) => set(bucket(d), 'at', -1000), 'timeline.buckets[0].at'],
  ['a NaN bucket time', (d) => set(bucket(d), 'at', Number.NaN), 'timeline.buckets[0].at'],
  ['a bucket count above 2^53', (d) => set(bucket(d), 'pass', 2 ** 60), 'timeline.buckets[0].pass'],
  ['a version other than 1', (d) => set(d, 'version', 2), 'version'],
];

describe('parseStatsJson', () => {
  test('accepts the valid document, in JSON text too, and Stats.fromJSON keeps every field', () => {
    expect(parseStatsJson(validDoc())).toEqual(validDoc());
    expect(parseStatsJson(JSON.stringify(validDoc()))).toEqual(validDoc());
    const stats = Stats.fromJSON(validDoc());
    expect(stats.get('VolumesClient', 'getVolume')).toMatchObject({
      pass: 4,
      fail: 5,
      retries: 1,
      whitelisted: 3,
      inFlight: 2,
      droppedFailures: 1,
    });
    expect(stats.toJSON().methods[0]).toMatchObject({ pass: 4, whitelisted: 3 });
  });

  test('a document without whitelisted (written before it was counted) reads as 0 whitelisted', () => {
    const doc = validDoc();
    delete method(doc).whitelisted;
    expect(parseStatsJson(doc).methods[0]).not.toHaveProperty('whitelisted');
    const stats = Stats.fromJSON(doc);
    expect(stats.get('VolumesClient', 'getVolume')).toMatchObject({ pass: 4, whitelisted: 0 });
    expect(stats.toJSON().methods[0]).not.toHaveProperty('whitelisted');
  });

  test('whitelisted may equal pass', () => {
    const doc = validDoc();
    method(doc).whitelisted = 4;
    expect(parseStatsJson(doc).methods[0]!.whitelisted).toBe(4);
  });

  test('trace counts may sum below fail (older documents counted failures whose trace was lost)', () => {
    const doc = validDoc();
    method(doc).fail = 9;
    expect(() => parseStatsJson(doc)).not.toThrow();
  });

  test.each(INVALID)(
    'rejects %s, naming the field (parseStatsJson and Stats.fromJSON)',
    (_, change, field) => {
      const doc = validDoc();
      change(doc);
      for (const read of [
        () => parseStatsJson(doc),
        () => Stats.fromJSON(doc),
        () => new Stats().merge(doc),
      ]) {
        let error: unknown;
        try {
          read();
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(InvalidStatsJson);
        expect((error as InvalidStatsJson).field).toBe(field);
        expect((error as InvalidStatsJson).code).toBe('TRACK_INVALID_STATS_JSON');
        expect((error as Error).message.startsWith(`Invalid statistics document: ${field} `)).toBe(true);
      }
    },
  );

  test('a Stats timeline option of an absurd width is refused like a document of one', () => {
    for (const bucketMs of [0, 0.5, 1e300, Number.NaN]) {
      expect(() => new Stats({ timeline: { bucketMs } })).toThrow(RangeError);
      expect(() => new Stats({ timeline: { bucketMs } })).toThrow(/Stats timeline.bucketMs must be/);
    }
    expect(new Stats({ timeline: { bucketMs: 1 } }).timeline()).toEqual({ bucketMs: 1, buckets: [] });
  });
});

describe('parseStatsJson messages say what was wrong', () => {
  test.each([
    [
      (d: Doc) => set(method(d), 'fail', 1e300),
      'methods[0].fail must be a non-negative safe integer, got number 1e+300',
    ],
    [
      (d: Doc) => set(method(d), 'pass', null),
      'methods[0].pass must be a non-negative safe integer, got null',
    ],
    [
      (d: Doc) => set(method(d), 'retries', [1]),
      'methods[0].retries must be a non-negative safe integer, got an array',
    ],
    [(d: Doc) => set(method(d), 'whitelisted', 5), 'methods[0].whitelisted is 5, above pass 4'],
    [
      (d: Doc) => set(method(d), 'whitelisted', null),
      'methods[0].whitelisted must be a non-negative safe integer, got null',
    ],
    [
      (d: Doc) => set(method(d), 'inFlight', true),
      'methods[0].inFlight must be a non-negative safe integer, got boolean',
    ],
    [(d: Doc) => set(method(d), 'client', 7), 'methods[0].client must be a non-empty string, got number 7'],
    [(d: Doc) => set(method(d), 'method', ''), 'methods[0].method must be a non-empty string, got string ""'],
    [
      (d: Doc) => set(failure(d), 'message', 5),
      'methods[0].failures[0].message must be a string, got number 5',
    ],
    [
      (d: Doc) => set(latency(d), 'sum', -1),
      'methods[0].latency.sum must be a non-negative number, got number -1',
    ],
    [
      (d: Doc) => set(latency(d), 'sum', `${'9'.repeat(40)}`),
      `methods[0].latency.sum must be a non-negative number, got string "${'9'.repeat(30)}…"`,
    ],
    [(d: Doc) => set(method(d), 'failures', {}), 'methods[0].failures must be an array, got object'],
    [(d: Doc) => set(method(d), 'latency', []), 'methods[0].latency must be an object, got an array'],
    [
      (d: Doc) => set(failure(d), 'firstAt', 2001),
      'methods[0].failures[0].firstAt is 2001, after lastAt 2000',
    ],
    [(d: Doc) => set(latency(d), 'min', 3), 'methods[0].latency.min is 3, above max 2'],
    [(d: Doc) => set(latency(d), 'count', 3), 'methods[0].latency.count is 3 but the buckets hold 2 samples'],
    [
      (d: Doc) => set(latency(d), 'buckets', { 1500: 1, x1: 1 }),
      'methods[0].latency.buckets has a non-numeric bucket key "x1"',
    ],
    [
      (d: Doc) => set(method(d), 'fail', 4),
      'methods[0].failures count 4 failures and droppedFailures 1 more, above fail 4',
    ],
    [
      (d: Doc) => set(d.timeline!, 'bucketMs', 0.5),
      'timeline.bucketMs must be a number of milliseconds from 1 to 31622400000 (366 days), got 0.5',
    ],
    [
      (d: Doc) => set(d.timeline!, 'bucketMs', 'wide'),
      'timeline.bucketMs must be a number of milliseconds from 1 to 31622400000 (366 days), got string',
    ],
    [(d: Doc) => set(d, 'version', '1'), 'version must be 1, got string "1"'],
    [(d: Doc) => set(d, 'methods', undefined), 'methods must be an array, got undefined'],
  ])('%#: %s', (change, message) => {
    const doc = validDoc();
    change(doc);
    expect(() => parseStatsJson(doc)).toThrow(
      new InvalidStatsJson(message.split(' ')[0]!, message.slice(message.indexOf(' ') + 1)),
    );
    expect(() => parseStatsJson(doc)).toThrow(`Invalid statistics document: ${message}.`);
  });

  test('text that is not JSON, or not an object', () => {
    expect(() => parseStatsJson('{nope')).toThrow(
      /^Invalid statistics document: \(document\) is not valid JSON \(/,
    );
    expect(() => parseStatsJson(null)).toThrow(
      'Invalid statistics document: (document) must be an object, got null.',
    );
    expect(() => parseStatsJson('[1]')).toThrow(
      'Invalid statistics document: (document) must be an object, got an array.',
    );
  });
});
