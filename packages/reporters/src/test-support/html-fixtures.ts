import { LatencyHistogram, type StatsJSON } from '@track/core';
import { latencyOf } from './latency-of';

const MODULE =
  'file:///home/ci/work/stress/node_modules/.pnpm/@track+openstack-clients@0.1.0_@track+core@0.1.0/node_modules/@track/openstack-clients/dist/index.js';

/** A stack as a real run records it: 10 frames through pnpm's long `node_modules` paths (~1.8 KB). */
export function realisticStack(message: string, seed: number): string {
  const frames = Array.from(
    { length: 10 },
    (_, d) => `    at async VolumesClient.request${d} (${MODULE}:${120 + d * 37}:${5 + seed})`,
  );
  return `NotFound: ${message}\n${frames.join('\n')}`;
}

/** `count` methods with `traces` distinct realistic failures each; `failEvery` methods in 7 fail. */
export function manyMethods(count: number, traces: number): StatsJSON {
  const methods: StatsJSON['methods'] = [];
  for (let i = 0; i < count; i++) {
    const histogram = new LatencyHistogram();
    for (let s = 0; s < 50; s++) histogram.record(((i * 31 + s * 17) % 2000) / 7);
    // At least the failures of its traces (20 + 19 + ... + 1 for 20 traces), as a real run has.
    const fail = i % 7 === 0 ? 0 : (traces * (traces + 1)) / 2 + 20 * (i % 7);
    methods.push({
      client: `VolumeAttachmentsClient${Math.floor(i / 25)}`,
      method: `createVolumeAttachment${i % 25}`,
      pass: 10_000 + i,
      fail,
      retries: 0,
      droppedFailures: 0,
      failures:
        fail === 0
          ? []
          : Array.from({ length: traces }, (_, f) => {
              const message = `Volume vol-${i}-${f} could not be found. (HTTP 404) (Request-ID: req-${i}-${f})`;
              return {
                stack: realisticStack(message, f),
                count: traces - f,
                name: 'NotFound',
                message,
                firstAt: 1_764_000_000_000 + f,
                lastAt: 1_764_000_100_000 + f,
              };
            }),
      latency: histogram.toJSON(),
    });
  }
  return { version: 1, methods };
}

/** A method name with no place to break, as generated clients produce (~130 characters). */
export const UNBREAKABLE_METHOD =
  'createVolumeAttachmentAndWaitUntilTheAttachmentReachesTheAttachedStateOrTheDeadlineExpires_retryingOnConflictWithBackoff';

/**
 * Four methods whose p99 is 1 ms, 10 ms, 100 ms and 30 s (the outlier), one of them with a name that
 * cannot wrap at a space, and one failing once in a million calls.
 */
export function outlierRun(): StatsJSON {
  const method = (name: string, ms: number[], pass: number, fail: number) => ({
    client: 'VolumesClient',
    method: name,
    pass,
    fail,
    retries: 0,
    droppedFailures: fail,
    failures: [],
    latency: latencyOf(ms),
  });
  return {
    version: 1,
    methods: [
      method('listVolumes', Array(100).fill(1), 100, 0),
      method('getVolume', Array(100).fill(10), 999_999, 1),
      method(UNBREAKABLE_METHOD, Array(100).fill(100), 100, 0),
      method('deleteVolume', [...Array(97).fill(200), 30_000, 30_000, 30_000], 100, 0),
    ],
  };
}
