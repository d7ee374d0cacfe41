import { Stats } from '@track/core';
import { describe, expect, test, vi } from 'vitest';
import { toReportData } from './report-input';

type CoreCopy = typeof import('@track/core');

/** A second copy of @track/core, as when the app and the reporters each install their own version. */
async function otherCopyOfCore(): Promise<CoreCopy> {
  vi.resetModules();
  const copy: CoreCopy = await import('@track/core');
  expect(copy.Stats).not.toBe(Stats);
  return copy;
}

describe('toReportData', () => {
  test('reads a Stats made by another copy of @track/core like one of its own', async () => {
    const core = await otherCopyOfCore();
    const trace = new core.Trace();
    const client = trace.decorate({ listVolumes: () => [] }, { name: 'VolumesClient' });
    client.listVolumes();
    client.listVolumes();
    const data = toReportData(trace.stats);
    expect(data.methods).toMatchObject([
      { client: 'VolumesClient', method: 'listVolumes', pass: 2, fail: 0 },
    ]);
  });
});
