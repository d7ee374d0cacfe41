import { Stats, type StatsJSON, Trace } from '@track/core';
import type { ReportMeta } from '../report-input';
import { latencyOf } from './latency-of';

/** Error messages that break naive serializers: markup, CDATA ends, control characters, lone surrogates. */
export const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  'ends ]]> twice ]]> here',
  'control \u0001\u0008\u001b[31m chars',
  'lone surrogate \uD800 and \uDFFF',
  '& "quotes" \'single\' <script>alert(2)</script>',
];

/** Real Stats from a real Trace over a sample client, with a failure per hostile message. */
export async function sampleStats(): Promise<Stats> {
  const trace = new Trace({ syncLatencySampling: 1, asyncLatencySampling: 1 });
  class VolumesClient {
    async getVolume(id: number): Promise<number> {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (id < HOSTILE.length) {
        const error = new Error(HOSTILE[id]);
        error.name = 'NotFound';
        throw error;
      }
      return id;
    }
    listVolumes(): number[] {
      return [1, 2, 3];
    }
  }
  class SnapshotsClient {
    async createSnapshot(): Promise<string> {
      return 'snap';
    }
  }
  const volumes = trace.decorate(new VolumesClient());
  const snapshots = trace.decorate(new SnapshotsClient());
  for (let i = 0; i < 20; i++) {
    await volumes.getVolume(i).catch(() => undefined);
    volumes.listVolumes();
    await snapshots.createSnapshot();
  }
  return trace.stats;
}

/** A fixed statistics document: deterministic input for snapshot tests. */
export const FIXED_DOC: StatsJSON = {
  version: 1,
  methods: [
    {
      client: 'VolumesClient',
      method: 'getVolume',
      pass: 6225,
      fail: 2,
      retries: 0,
      droppedFailures: 0,
      failures: [
        {
          stack:
            'NotFound: Volume v1 could not be found.\n    at VolumesClient.getVolume (volumes-client.ts:42:11)\n    at async run (runner.ts:10:3)',
          count: 2,
          name: 'NotFound',
          message: 'Volume v1 could not be found.',
          firstAt: 1_764_000_000_000,
          lastAt: 1_764_000_060_000,
        },
      ],
      latency: latencyOf([5, 10, 15]),
    },
    {
      client: 'SnapshotsClient',
      method: 'createSnapshot',
      pass: 100,
      fail: 0,
      retries: 0,
      droppedFailures: 0,
      failures: [],
      latency: latencyOf([20]),
    },
  ],
};

/** Run metadata for a 90 s, 4-way run of `cinder-stress` on the fake cloud. */
export const FIXED_META: ReportMeta = {
  scenario: 'cinder-stress',
  startedAt: 1_764_000_000_000,
  endedAt: 1_764_000_090_000,
  concurrency: 4,
  cloudName: 'fake',
  toolVersions: { node: 'v20' },
};

/** `FIXED_DOC` as live `Stats`. */
export function fixedStats(): Stats {
  return Stats.fromJSON(FIXED_DOC);
}
