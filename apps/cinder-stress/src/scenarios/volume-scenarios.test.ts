import { FakeCloud, type FaultRule } from '@track/fake-openstack';
import { Manager } from '@track/openstack-clients';
import { afterEach, describe, expect, test } from 'vitest';
import { cleanUpEntries } from '../run/cleanup';
import { ResourceJournal } from '../run/resource-journal';
import { newProgress } from '../run/run-engine';
import { runParts } from '../run/runner';
import type { ScenarioContext } from './scenario';
import { snapshotCreateDelete, volumeAttachVerify, volumeCreateDelete } from './volume-scenarios';

const open: Manager[] = [];
afterEach(async () => {
  for (const manager of open.splice(0)) await manager.close();
});

function contextOn(fake: FakeCloud, journal = new ResourceJournal('unit1')): ScenarioContext {
  const manager = Manager.fromFakeCloud(fake, { client: { waiter: { intervalMs: 1 } } });
  open.push(manager);
  const { flavorId, imageId } = fake.computeDefaults;
  return {
    manager,
    journal,
    compute: { flavorRef: flavorId, imageRef: imageId },
    signal: new AbortController().signal,
    kwargs: {},
    slot: 0,
    random: () => 0.5,
    state: {},
  };
}

function live(fake: FakeCloud): number {
  const r = fake.resources();
  return r.volumes.length + r.snapshots.length + r.servers.length;
}

describe('resources are registered for cleanup before their wait', () => {
  test.each<[string, FaultRule]>([
    ['volume wait', { method: 'GET', route: '/volumes/{volume_id}', status: 500, times: 1 }],
    ['volume delete', { method: 'DELETE', route: '/volumes/{volume_id}', status: 503, times: 1 }],
  ])('volume-create-delete whose %s fails leaves nothing on the cloud', async (_what, rule) => {
    const fake = new FakeCloud({ seed: 3, timeScale: 0 });
    const context = contextOn(fake);
    fake.faults.add(rule);
    await expect(volumeCreateDelete.iteration(context)).rejects.toThrow(/50[03]/);
    expect(live(fake)).toBe(0);
    expect(context.journal.pending()).toEqual([]);
  });

  test('snapshot-create-delete whose snapshot wait fails leaves nothing, and snapshots carry the run metadata', async () => {
    const fake = new FakeCloud({ seed: 3, timeScale: 0 });
    const context = contextOn(fake);
    let metadata: Record<string, string> | undefined;
    const original = context.manager.snapshotsClient.waitForSnapshotStatus.bind(
      context.manager.snapshotsClient,
    );
    context.manager.snapshotsClient.waitForSnapshotStatus = async (id, status, options) => {
      metadata = (await context.manager.snapshotsClient.getSnapshot(id)).metadata;
      await original(id, status, options);
      throw new Error('wait failed');
    };
    await expect(snapshotCreateDelete.iteration(context)).rejects.toThrow('wait failed');
    expect(metadata).toEqual({ 'track-run': 'unit1' });
    expect(live(fake)).toBe(0);
  });
});

describe('volume-attach-verify recovers after faults', () => {
  test('a volume left attached by a failed detach is detached before the next attach', async () => {
    const fake = new FakeCloud({ seed: 5, timeScale: 0 });
    const context = contextOn(fake);
    await volumeAttachVerify.setUp!(context);
    fake.faults.add({
      method: 'DELETE',
      route: '/servers/{server_id}/os-volume_attachments/{volume_id}',
      status: 500,
      times: 1,
    });
    await expect(volumeAttachVerify.iteration(context)).rejects.toThrow(/500/);
    // Before the fix every later iteration failed with "status must be available".
    for (let i = 0; i < 3; i++) await volumeAttachVerify.iteration(context);
    await volumeAttachVerify.tearDown!(context);
    expect(live(fake)).toBe(0);
  });

  test('a server or volume that vanished is re-created', async () => {
    const fake = new FakeCloud({ seed: 5, timeScale: 0 });
    const context = contextOn(fake);
    await volumeAttachVerify.setUp!(context);
    const volume = context.state.volume as { id: string };
    await context.manager.volumesClient.deleteVolume(volume.id);
    await context.manager.volumesClient.waitForResourceDeletion(volume.id);
    await expect(volumeAttachVerify.iteration(context)).rejects.toThrow();
    await volumeAttachVerify.iteration(context);
    expect((context.state.volume as { id: string }).id).not.toBe(volume.id);
    await volumeAttachVerify.tearDown!(context);
    expect(live(fake)).toBe(0);
  });

  test('with a 5% fault rate the run keeps passing iterations and leaves nothing', async () => {
    const fake = new FakeCloud({ seed: 7, timeScale: 0, faultRate: 0.05 });
    const context = contextOn(fake);
    const stop = new AbortController();
    const progress = newProgress();
    await runParts(
      {
        manager: context.manager,
        journal: context.journal,
        compute: context.compute,
        parts: [{ scenario: volumeAttachVerify, concurrency: 2, kwargs: {} }],
        iterations: 200,
        stopSignal: stop.signal,
        abortSignal: new AbortController().signal,
        seed: 1,
      },
      progress,
    );
    expect(progress.iterationsFailed).toBeGreaterThan(0);
    // Before the fix each worker passed the one or two iterations before its first fault, then
    // failed every later one (at most 4 passes of 200). A waiter gives up on one failed poll, so
    // about half of the iterations fail at 5% faults (a CI run: 100 passes, 101 failures): 40 is
    // far from both.
    expect(progress.iterationsPassed).toBeGreaterThanOrEqual(40);
    expect(progress.iterationErrors.size).toBeLessThan(20);
    await cleanUpEntries(context.manager, context.journal, context.journal.pending());
    expect(live(fake)).toBe(0);
  });
});
