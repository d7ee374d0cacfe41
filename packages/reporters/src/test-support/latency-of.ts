import { LatencyHistogram, type LatencyHistogramJSON } from '@track/core';

/** The latency histogram document of the given samples (ms), for hand-written statistics documents. */
export function latencyOf(samples: number[]): LatencyHistogramJSON {
  const histogram = new LatencyHistogram();
  for (const ms of samples) histogram.record(ms);
  return histogram.toJSON();
}
