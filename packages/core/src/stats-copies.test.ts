import { describe, expect, test, vi } from 'vitest';
import { Stats } from './stats';

type CoreCopy = typeof import('./index');

/** A second copy of @track/core, as when two versions of it are installed side by side. */
async function otherCopyOfCore(): Promise<CoreCopy> {
  vi.resetModules();
  const copy: CoreCopy = await import('./index');
  expect(copy.Stats).not.toBe(Stats);
  return copy;
}

/** Three passes and a failure of `VolumesClient.getVolume`, recorded by the given copy. */
function recorded(core: CoreCopy): Stats {
  const trace = new core.Trace();
  const client = trace.decorate(
    {
      getVolume(id: number) {
        if (id === 0) throw new Error('volume 0 is gone');
        return id;
      },
    },
    { name: 'VolumesClient' },
  );
  for (const id of [0, 1, 2, 3]) {
    try {
      client.getVolume(id);
    } catch {}
  }
  return trace.stats;
}

describe('a Stats made by another copy of @track/core', () => {
  test('is recognised by Stats.isStats; its documents and other values are not', async () => {
    const other = await otherCopyOfCore();
    expect(Stats.isStats(new other.Stats())).toBe(true);
    expect(Stats.isStats(new Stats())).toBe(true);
    expect(Stats.isStats(new Stats().toJSON())).toBe(false);
    expect(Stats.isStats('{"version":1,"methods":[]}')).toBe(false);
    expect(Stats.isStats(null)).toBe(false);
  });

  test('merges like one of this copy', async () => {
    const other = await otherCopyOfCore();
    const merged = new Stats().merge(recorded(other));
    expect(merged.methods()).toMatchObject([
      { client: 'VolumesClient', method: 'getVolume', pass: 3, fail: 1 },
    ]);
  });
});
