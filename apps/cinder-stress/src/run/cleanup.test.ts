import { getEventListeners } from 'node:events';
import { FakeCloud } from '@track/fake-openstack';
import { Manager } from '@track/openstack-clients';
import { afterEach, describe, expect, test } from 'vitest';
import {
  CLEANUP_CONCURRENCY,
  cleanUpEntries,
  findToolResources,
  isToolResource,
  settledStatusOf,
} from './cleanup';
import { ResourceJournal } from './resource-journal';

const open: Manager[] = [];
afterEach(async () => {
  for (const manager of open.splice(0)) await manager.close();
});

function managerOf(fake: FakeCloud): Manager {
  const manager = Manager.fromFakeCloud(fake, { client: { waiter: { intervalMs: 1 } } });
  open.push(manager);
  return manager;
}

describe('which resources cleanup takes as its own', () => {
  test.each([
    [
      'name and metadata of the run',
      'track-20261125ab12cd-volume-3',
      { 'track-run': '20261125ab12cd' },
      true,
    ],
    ['snapshot with metadata', 'track-20261125ab12cd-snapshot-1', { 'track-run': '20261125ab12cd' }, true],
    ['name only, no metadata', 'track-20261125ab12cd-volume-3', {}, false],
    ['metadata of another run', 'track-20261125ab12cd-volume-3', { 'track-run': '20261125ffffff' }, false],
    ['prefix only', 'track-mine', { 'track-run': 'mine' }, false],
    ['someone else', 'db-volume', { 'track-run': '20261125ab12cd' }, false],
  ])('%s', (_what, name, metadata, ours) => {
    expect(isToolResource({ name, metadata })).toBe(ours);
  });

  test('a run id narrows to that run', () => {
    const resource = { name: 'track-20261125ab12cd-volume-3', metadata: { 'track-run': '20261125ab12cd' } };
    expect(isToolResource(resource, '20261125ab12cd')).toBe(true);
    expect(isToolResource(resource, '20261125ffffff')).toBe(false);
  });

  test('findToolResources skips a look-alike volume without the run metadata', async () => {
    const fake = new FakeCloud({ seed: 2, timeScale: 0 });
    const manager = managerOf(fake);
    const tagged = await manager.volumesClient.createVolume({
      size: 1,
      name: 'track-20261125ab12cd-volume-1',
      metadata: { 'track-run': '20261125ab12cd' },
    });
    await manager.volumesClient.createVolume({ size: 1, name: 'track-20261125ab12cd-volume-2' });
    const found = await findToolResources(manager);
    expect(found).toEqual([{ kind: 'volume', name: 'track-20261125ab12cd-volume-1', id: tagged.id }]);
  });
});

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
  });
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
