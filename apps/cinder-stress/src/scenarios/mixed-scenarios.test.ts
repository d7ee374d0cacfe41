import { FakeCloud } from '@track/fake-openstack';
import { Manager } from '@track/openstack-clients';
import { describe, expect, test } from 'vitest';
import { cleanUpEntries } from '../run/cleanup';
import { ResourceJournal } from '../run/resource-journal';
import { newProgress } from '../run/run-engine';
import { runParts } from '../run/runner';
import { cho } from './mixed-scenarios';

describe('cho through faults', () => {
  test('at a 10% fault rate the cloud does not grow during the run and the final cleanup leaves nothing', async () => {
    const fake = new FakeCloud({ seed: 11, timeScale: 0, faultRate: 0.1 });
    const manager = Manager.fromFakeCloud(fake, { client: { waiter: { intervalMs: 1 } } });
    const journal = new ResourceJournal('unit1');
    const { flavorId, imageId } = fake.computeDefaults;
    const progress = newProgress();
    let peak = 0;
    const sampler = setInterval(() => {
      const r = fake.resources();
      peak = Math.max(peak, r.volumes.length + r.snapshots.length + r.servers.length);
    }, 5);
    try {
      await runParts(
        {
          manager,
          journal,
          compute: { flavorRef: flavorId, imageRef: imageId },
          parts: [{ scenario: cho, concurrency: 4, kwargs: {} }],
          iterations: 150,
          stopSignal: new AbortController().signal,
          abortSignal: new AbortController().signal,
          seed: 3,
        },
        progress,
      );
    } finally {
      clearInterval(sampler);
    }
    expect(progress.iterationsFailed).toBeGreaterThan(10);
    // 4 slots: a server each plus what one iteration holds (a volume and a snapshot), and a few
    // abandoned ones waiting for the next sweep. Before the fix this grew with every failed wait.
    expect(peak).toBeLessThanOrEqual(20);
    expect(journal.pending().length).toBeLessThanOrEqual(20);
    fake.faults.clear();
    await cleanUpEntries(manager, journal, journal.pending());
    const left = fake.resources();
    expect([...left.volumes, ...left.snapshots, ...left.servers]).toEqual([]);
    await manager.close();
  });
});
