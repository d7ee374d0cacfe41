import { FakeCloud } from '@track/fake-openstack';
import { describe, expect, test } from 'vitest';
import { managersClosedAfterEach } from '../test-support/fake-managers';
import { findToolResources, isToolResource } from './tool-resources';

const managerOf = managersClosedAfterEach();

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
    expect(found.resources).toEqual([
      { kind: 'volume', name: 'track-20261125ab12cd-volume-1', id: tagged.id },
    ]);
  });
});
