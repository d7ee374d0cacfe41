import { getEventListeners } from 'node:events';
import { DEFAULT_WHITELIST, Stats, Trace } from '@track/core';
import { FakeCloud } from '@track/fake-openstack';
import { RequestTimeout, ServerFault } from '@track/openstack-clients';
import { describe, expect, test } from 'vitest';
import { managersClosedAfterEach } from '../test-support/fake-managers';
import {
  CLEANUP_CONCURRENCY,
  cleanUpEntries,
  isWorthSweeping,
  LOOKUP_WINDOW_MS,
  settledStatusOf,
} from './cleanup';
import { ResourceJournal } from './resource-journal';
import { setUpTracking } from './set-up-tracking';

const managerOf = managersClosedAfterEach();

describe('cleanUpEntries', () => {
  test('removes every resource through a 30% fault rate, with a bounded number of abort listeners', async () => {
    const fake = new FakeCloud({ seed: 4, timeScale: 0.002 });
    const manager = managerOf(fake);
    const journal = new ResourceJournal('unit1');
    for (let i = 0; i < 40; i++) {
      const entry = journal.reserve('volume');
      journal.created(entry, (await manager.volumesClient.createVolume({ size: 1, name: entry.name })).id);
    }
    // A lost create answer: journaled by name only.
    const lost = journal.reserve('volume');
    await manager.volumesClient.createVolume({ size: 1, name: lost.name });
    // A create never sent: nothing to find, dropped from the journal.
    journal.reserve('volume');
    fake.faults.add({ probability: 0.3, status: [500, 503] });
    const signal = new AbortController().signal;
    let peak = 0;
    const add = signal.addEventListener.bind(signal);
    signal.addEventListener = (...args: Parameters<AbortSignal['addEventListener']>) => {
      add(...args);
      peak = Math.max(peak, getEventListeners(signal, 'abort').length);
    };
    const report = await cleanUpEntries(manager, journal, journal.pending(), { signal });
    expect(report.failed).toEqual([]);
    expect(report.removed).toHaveLength(41);
    fake.faults.clear();
    expect(fake.resources().volumes).toEqual([]);
    expect(journal.pending()).toEqual([]);
    // All deletions waiting on one signal at once made Node print MaxListenersExceededWarning (> 10).
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(CLEANUP_CONCURRENCY);
  }, 60_000);
});

describe('a resource journaled by name only', () => {
  test('is reported removed when an earlier attempt deleted it and only the wait failed', async () => {
    const fake = new FakeCloud({ seed: 6, timeScale: 0.002 });
    const manager = managerOf(fake);
    const journal = new ResourceJournal('unit3');
    const lost = journal.reserve('volume');
    const volume = await manager.volumesClient.createVolume({ size: 1, name: lost.name });
    await manager.volumesClient.waitForVolumeStatus(volume.id, 'available');
    // The two looks before the delete work; every poll of the first attempt's deletion wait fails.
    fake.faults.add({ route: 'GET /volumes/{volume_id}', status: 500, afterCalls: 2, times: 5 });
    const report = await cleanUpEntries(manager, journal, journal.pending(), {});
    expect(report.failed).toEqual([]);
    expect(report.removed).toEqual([{ kind: 'volume', name: lost.name, id: volume.id }]);
    expect(fake.resources().volumes).toEqual([]);
  });
});

describe('volumes in transition', () => {
  test.each([
    ['detaching', 1, 'available'],
    ['attaching', 0, 'in-use'],
    ['reserved', 0, 'in-use'],
    ['creating', 0, 'available'],
    ['extending', 1, 'in-use'],
  ])('a volume %s with %i attachment(s) settles %s', (status, attachments, settled) => {
    expect(settledStatusOf({ status, attachments: Array.from({ length: attachments }) })).toBe(settled);
  });

  test('a volume whose server was deleted while attached is removed without waiting out the waiter timeout', async () => {
    const fake = new FakeCloud({ seed: 5, timeScale: 0.002 });
    const manager = managerOf(fake);
    const { flavorId, imageId } = fake.computeDefaults;
    const journal = new ResourceJournal('unit2');
    const serverEntry = journal.reserve('server');
    const server = await manager.serversClient.createServer({
      name: serverEntry.name,
      flavorRef: flavorId,
      imageRef: imageId,
    });
    journal.created(serverEntry, server.id);
    await manager.serversClient.waitForServerStatus(server.id, 'ACTIVE');
    const volumeEntry = journal.reserve('volume');
    const volume = await manager.volumesClient.createVolume({ size: 1, name: volumeEntry.name });
    journal.created(volumeEntry, volume.id);
    await manager.volumesClient.waitForVolumeStatus(volume.id, 'available');
    await manager.serversClient.attachVolume(server.id, { volumeId: volume.id });
    await manager.volumesClient.waitForVolumeStatus(volume.id, 'in-use');
    // The run was interrupted right after deleting the server: the volume is detaching.
    await manager.serversClient.deleteServer(server.id);
    const started = Date.now();
    const report = await cleanUpEntries(manager, journal, journal.pending(), {});
    expect(report.failed).toEqual([]);
    expect(fake.resources().volumes).toEqual([]);
    expect(Date.now() - started).toBeLessThan(4_000);
  }, 10_000);
});

describe('a create that got no answer (maybe created)', () => {
  const timeout = () => new RequestTimeout('POST /volumes timed out', { method: 'POST', timeoutMs: 1000 });

  test('is looked up again by name until the cloud shows it, then deleted', async () => {
    const fake = new FakeCloud({ seed: 21, timeScale: 0.002 });
    const manager = managerOf(fake);
    const journal = new ResourceJournal('lost1');
    const entry = journal.reserve('volume');
    journal.createFailed(entry, timeout());
    // The cloud finishes the create after the client gave up: the first looks find nothing.
    const late = setTimeout(() => {
      void manager.volumesClient.createVolume({ size: 1, name: entry.name });
    }, 400);
    const report = await cleanUpEntries(manager, journal, journal.pending(), { lookupWindowMs: 10_000 });
    clearTimeout(late);
    expect(report.removed.map((r) => r.name)).toEqual([entry.name]);
    expect(report.maybeCreated).toEqual([]);
    expect(journal.pending()).toEqual([]);
    expect(fake.resources().volumes).toEqual([]);
  }, 30_000);

  test('not found within the lookup window, it stays in the journal and is reported as maybe created', async () => {
    const fake = new FakeCloud({ seed: 22, timeScale: 0 });
    const manager = managerOf(fake);
    const journal = new ResourceJournal('lost2');
    const entry = journal.reserve('volume');
    journal.createFailed(entry, timeout());
    const report = await cleanUpEntries(manager, journal, journal.pending(), { lookupWindowMs: 600 });
    expect(report.maybeCreated).toEqual([{ kind: 'volume', name: entry.name }]);
    expect(report.failed).toEqual([]);
    expect(journal.pending()).toEqual([entry]);
    expect(entry.unanswered).toBe(true);
  }, 30_000);

  test('a create the cloud answered with a 500 and that is not there is dropped after one look', async () => {
    const fake = new FakeCloud({ seed: 23, timeScale: 0 });
    const manager = managerOf(fake);
    const journal = new ResourceJournal('lost3');
    const entry = journal.reserve('volume');
    journal.createFailed(entry, new ServerFault('boom', { status: 500, method: 'POST' }));
    const report = await cleanUpEntries(manager, journal, journal.pending(), { lookupWindowMs: 60_000 });
    expect(report).toEqual({ removed: [], failed: [], maybeCreated: [] });
    expect(journal.pending()).toEqual([]);
  });

  test('sweeps during the run keep trying it only within the lookup window', () => {
    const sentAt = 1_000_000;
    const entry = { kind: 'volume' as const, name: 'track-x-volume-1', unanswered: true, sentAt };
    expect(isWorthSweeping(entry, sentAt + LOOKUP_WINDOW_MS - 1)).toBe(true);
    expect(isWorthSweeping(entry, sentAt + LOOKUP_WINDOW_MS)).toBe(false);
    expect(isWorthSweeping({ ...entry, id: 'v1' }, sentAt + 10 * LOOKUP_WINDOW_MS)).toBe(true);
  });
});

describe("what the run's own cleanup counts", () => {
  test('a volume or snapshot already deleted is an expected answer, not a failed call', async () => {
    const fake = new FakeCloud({ seed: 24, timeScale: 0.002 });
    const manager = managerOf(fake);
    const stats = new Stats();
    setUpTracking(new Trace({ stats, whitelist: [...DEFAULT_WHITELIST] }), manager);
    const journal = new ResourceJournal('gone1');
    const volumeEntry = journal.reserve('volume');
    const volume = await manager.volumesClient.createVolume({ size: 1, name: volumeEntry.name });
    journal.created(volumeEntry, volume.id);
    await manager.volumesClient.waitForVolumeStatus(volume.id, 'available');
    const snapshotEntry = journal.reserve('snapshot');
    const snapshot = await manager.snapshotsClient.createSnapshot({
      volumeId: volume.id,
      name: snapshotEntry.name,
    });
    journal.created(snapshotEntry, snapshot.id);
    await manager.snapshotsClient.waitForSnapshotStatus(snapshot.id, 'available');
    // Deleted by the iteration, whose deletion wait then failed: the journal still lists them.
    await manager.snapshotsClient.deleteSnapshot(snapshot.id);
    await manager.snapshotsClient.waitForResourceDeletion(snapshot.id);
    await manager.volumesClient.deleteVolume(volume.id);
    await manager.volumesClient.waitForResourceDeletion(volume.id);
    const report = await cleanUpEntries(manager, journal, journal.pending(), {});
    expect(report.failed).toEqual([]);
    expect(journal.pending()).toEqual([]);
    const failures = stats
      .methods()
      .filter((m) => m.fail > 0)
      .map((m) => `${m.client}.${m.method}: ${m.fail}`);
    expect(failures).toEqual([]);
  });
});
