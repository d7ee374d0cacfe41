import { LatencyHistogram, type StatsJSON } from '@track/core';

/**
 * Every character that makes text read differently from what it holds without a control
 * sequence: the bidirectional marks, embeddings, overrides and isolates, and the line and paragraph
 * separators.
 */
export const DIRECTION_CONTROLS = [
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200E',
  '\u200F',
  '\u061C',
] as const;

/** Any of {@link DIRECTION_CONTROLS}, the separators U+2028/U+2029, or a lone surrogate. */
export const READS_DIFFERENTLY =
  /[\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A method name that reads `getVolumetxt.exe` with the override live: shown reversed. */
export const REVERSED_METHOD = 'getVolume\u202Eexe.txt';

/**
 * A run whose client, method names and failure messages carry every direction control, the line
 * and paragraph separators and lone surrogates.
 */
export function hostileTextRun(): StatsJSON {
  const latency = new LatencyHistogram();
  latency.record(10);
  const controls = DIRECTION_CONTROLS.join('');
  const message = `volume ${controls} gone\u2028second\u2029line \uD800 half \uDFFF`;
  return {
    version: 1,
    methods: [
      {
        client: `Volumes\u2067Client`,
        method: REVERSED_METHOD,
        pass: 10,
        fail: 2,
        retries: 0,
        droppedFailures: 0,
        failures: [
          {
            stack: `NotFound: ${message}\n    at VolumesClient.getVolume (volumes-client.ts:1:1)`,
            count: 2,
            name: 'Not\u202EFound',
            message,
            firstAt: 1_764_000_000_000,
            lastAt: 1_764_000_000_000,
          },
        ],
        latency: latency.toJSON(),
      },
      {
        client: 'VolumesClient',
        method: `list\u2028Volumes\uD800${controls}`,
        pass: 5,
        fail: 0,
        retries: 0,
        droppedFailures: 0,
        failures: [],
        latency: latency.toJSON(),
      },
      {
        client: 'VolumesClient',
        method: 'getVolume',
        pass: 7,
        fail: 0,
        retries: 0,
        droppedFailures: 0,
        failures: [],
        latency: latency.toJSON(),
      },
    ],
  };
}
